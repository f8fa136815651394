using System.Globalization;
using System.Text;
using Ledger.Load.Http;
using Ledger.Load.Scheduling;
using Ledger.Load.Stats;

namespace Ledger.Load.Traffic;

/// <summary>
/// What each arrival does: a retry or a burst of duplicates by their shares, otherwise a kind
/// picked by the mix. Split by facet: writes, reads, and the idempotency checks.
/// </summary>
internal sealed partial class Workload(Options options, LedgerHttp http, Results results, IReadOnlyList<Merchant> merchants, string runId)
{
    private readonly ChargeBook _book = new();
    private long _keys;
    private long _toolErrors;

    /// <summary>Exceptions thrown by this tool itself (a bug here, not in the API).</summary>
    public long ToolErrors => Interlocked.Read(ref _toolErrors);

    public string? FirstToolError { get; private set; }

    /// <summary>Never throws: nobody awaits an arrival's task.</summary>
    public async Task ArriveAsync(Arrival arrival)
    {
        try
        {
            var roll = Random.Shared.NextDouble() * 100;
            if (roll < options.RetriesPercent && _book.Writes.Pick() is { } write)
            {
                await RetryAsync(arrival, write);
            }
            else if (roll >= options.RetriesPercent && roll < options.RetriesPercent + options.DuplicatesPercent)
            {
                await DuplicateAsync(arrival);
            }
            else
            {
                await (options.Mix.Pick(Random.Shared.NextDouble()) switch
                {
                    Kind.Charge => ChargeAsync(arrival, capture: null),
                    Kind.Capture => CaptureAsync(arrival),
                    Kind.Refund => RefundAsync(arrival),
                    Kind.Payout => PayoutAsync(arrival),
                    Kind.GetCharge => GetChargeAsync(arrival),
                    Kind.Balance => BalanceAsync(arrival),
                    _ => ListAsync(arrival),
                });
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (Interlocked.Increment(ref _toolErrors) == 1)
            {
                FirstToolError = e.ToString();
            }
        }
    }

    private async Task<ApiOutcome> SendAsync(Arrival arrival, string operation, ApiRequest request)
    {
        results.Sending(arrival);
        var outcome = await http.SendAsync(request);
        results.Record(arrival, operation, outcome);
        return outcome;
    }

    private Merchant AnyMerchant() => merchants[Random.Shared.Next(merchants.Count)];

    private string AnyCurrency() => options.Currencies[Random.Shared.Next(options.Currencies.Count)];

    /// <summary>Unique per run and readable in the database: "load-&lt;run&gt;-ch-42".</summary>
    private string NewKey(string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"load-{runId}-{kind}-{Interlocked.Increment(ref _keys)}");

    private static bool Chance(double percent) => Random.Shared.NextDouble() * 100 < percent;

    private static ApiRequest Post(Merchant merchant, string path, string key, FormattableString json) =>
        new(HttpMethod.Post, path, merchant.ApiKey, Encoding.UTF8.GetBytes(FormattableString.Invariant(json)), key);
}
