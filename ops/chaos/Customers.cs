using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ledger.Chaos;

/// <summary>One charge as its customer saw it: every attempt until a definite answer.</summary>
internal sealed record Outcome(string Key, string Merchant, long Amount, int Attempts, int Status, string? ChargeId,
    string? Token, IReadOnlyList<string> ChargeIdsSeen, double? LastFailureSeconds, string? LastError);

/// <summary>
/// Customers that behave as payment clients should: on a timeout, a transport error, a 5xx, a 429
/// or a 409 idempotency_key_in_use they send the same request with the same key again, with
/// back-off, until they get a definite answer. A definite answer is a 2xx or any other 4xx.
/// </summary>
internal sealed class Customers(HttpClient http, string runId)
{
    private static readonly (string Name, string Key)[] Merchants = [("acme", "sk_test_acme"), ("globex", "sk_test_globex")];
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<Outcome> ChargeUntilAnsweredAsync(int n)
    {
        var (merchant, apiKey) = Merchants[n % Merchants.Length];
        var key = $"chaos-{runId}-{n}";
        var amount = 1_000 + n;
        var body = $$$"""{"amount":{{{amount}}},"currency":"EUR","metadata":{"chaos_run":"{{{runId}}}"}}""";
        var ids = new List<string>();
        var started = Stopwatch.StartNew();
        double? lastFailure = null;
        string? lastError = null;
        var backoff = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/charges")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
                    ids.Add(id);
                    var token = response.Headers.TryGetValues("Ledger-Consistency-Token", out var t) ? t.First() : null;
                    return new Outcome(key, merchant, amount, attempt, status, id, token, ids, lastFailure, lastError);
                }

                if (status < 500 && status != 429 && !(status == 409 && text.Contains("idempotency_key_in_use", StringComparison.Ordinal)))
                {
                    return new Outcome(key, merchant, amount, attempt, status, null, null, ids, lastFailure, $"{status} {text}");
                }

                lastError = $"{status}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastError = e.GetType().Name;
            }

            lastFailure = _clock.Elapsed.TotalSeconds;
            if (started.Elapsed > GiveUpAfter)
            {
                return new Outcome(key, merchant, amount, attempt, 0, null, null, ids, lastFailure, lastError);
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(2_000, backoff.TotalMilliseconds * 2));
        }
    }

    /// <summary>Every acknowledged charge, read back with its token: it must be there, with its amount.</summary>
    public async Task<int> ReadBackAsync(IEnumerable<Outcome> outcomes)
    {
        var found = 0;
        foreach (var outcome in outcomes.Where(o => o.ChargeId is not null))
        {
            var apiKey = Merchants.Single(m => m.Name == outcome.Merchant).Key;
            for (var attempt = 0; attempt < 60; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/charges/{outcome.ChargeId}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                if (outcome.Token is not null)
                {
                    request.Headers.Add("Ledger-Consistency-Token", outcome.Token);
                }

                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        var charge = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        if (charge.GetProperty("amount").GetInt64() == outcome.Amount)
                        {
                            found++;
                        }

                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(500);
            }
        }

        return found;
    }
}
