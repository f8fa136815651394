using HdrHistogram;
using Ledger.Load.Http;

namespace Ledger.Load.Stats;

/// <summary>
/// Everything counted in one phase (warm-up or measured): latency per operation and overall, and
/// what went wrong, by HTTP status, by problem+json code and by transport failure.
/// </summary>
internal sealed class Tally
{
    private readonly Lock _gate = new();
    private readonly LongHistogram _all = Latency.NewHistogram();
    private readonly LongHistogram _sendLag = Latency.NewHistogram();
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _statuses = [];
    private readonly Dictionary<string, long> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _chargesCommitted;
    private long _writesCommitted;

    /// <summary>One operation's latency and its errors as "status code" (or the transport failure).</summary>
    public sealed class Operation
    {
        public LongHistogram Histogram { get; } = Latency.NewHistogram();

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);
    }

    public void Record(string operation, long micros, ApiOutcome outcome)
    {
        var code = outcome.ErrorCode; // parsed outside the lock
        lock (_gate)
        {
            Latency.Record(_all, micros);
            if (!_operations.TryGetValue(operation, out var op))
            {
                _operations[operation] = op = new Operation();
            }

            Latency.Record(op.Histogram, micros);
            if (outcome.Failure is { } failure)
            {
                Add(_failures, failure);
                Add(op.Errors, failure);
                return;
            }

            _statuses[outcome.Status] = _statuses.GetValueOrDefault(outcome.Status) + 1;
            if (code is not null)
            {
                Add(_codes, code);
                Add(op.Errors, $"{outcome.Status} {code}");
            }
        }
    }

    /// <summary>
    /// How late the generator handed a request to the HTTP client, after its intended start: the
    /// tool's own share of the latency (its 1 ms sleeps, the thread pool), which counts against the API.
    /// </summary>
    public void RecordSendLag(long micros)
    {
        lock (_gate)
        {
            Latency.Record(_sendLag, micros);
        }
    }

    /// <summary>A POST that committed something new (not a replay).</summary>
    public void Committed(bool charge)
    {
        Interlocked.Increment(ref _writesCommitted);
        if (charge)
        {
            Interlocked.Increment(ref _chargesCommitted);
        }
    }

    public long ChargesCommitted => Interlocked.Read(ref _chargesCommitted);

    public long WritesCommitted => Interlocked.Read(ref _writesCommitted);

    /// <summary>A consistent copy, taken once the phase is over.</summary>
    public TallySnapshot Snapshot()
    {
        lock (_gate)
        {
            return new TallySnapshot(
                Percentiles.Of(_all),
                Percentiles.Of(_sendLag),
                _operations.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(
                    o => o.Key,
                    o => new OperationSnapshot(Percentiles.Of(o.Value.Histogram), o.Value.Errors.Values.Sum(), new SortedDictionary<string, long>(o.Value.Errors, StringComparer.Ordinal)),
                    StringComparer.Ordinal),
                new SortedDictionary<int, long>(_statuses),
                new SortedDictionary<string, long>(_codes, StringComparer.Ordinal),
                new SortedDictionary<string, long>(_failures, StringComparer.Ordinal),
                ChargesCommitted,
                WritesCommitted);
        }
    }

    private static void Add(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

internal sealed record OperationSnapshot(Percentiles Latency, long Errors, IReadOnlyDictionary<string, long> ErrorsBy);

internal sealed record TallySnapshot(
    Percentiles Overall,
    Percentiles SendLag,
    IReadOnlyDictionary<string, OperationSnapshot> Operations,
    IReadOnlyDictionary<int, long> Statuses,
    IReadOnlyDictionary<string, long> ErrorCodes,
    IReadOnlyDictionary<string, long> TransportFailures,
    long ChargesCommitted,
    long WritesCommitted)
{
    public long Requests => Overall.Count;

    public long ServerErrors => Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    public long ClientErrors => Statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value);

    public long Failures => TransportFailures.Values.Sum();
}
