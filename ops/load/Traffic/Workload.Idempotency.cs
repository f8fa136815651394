using Ledger.Load.Http;
using Ledger.Load.Scheduling;

namespace Ledger.Load.Traffic;

internal sealed partial class Workload
{
    /// <summary>A client retry: an earlier committed POST again, same key and body; the answer must be the first one, replayed.</summary>
    private async Task RetryAsync(Arrival arrival, SentWrite write)
    {
        var outcome = await SendAsync(arrival, "retry", new ApiRequest(HttpMethod.Post, write.Path, write.Merchant.ApiKey, write.Body, write.Key));
        if (outcome.Failure is not null)
        {
            return; // counted as a transport failure
        }

        results.Checks.Replay(
            outcome.Status != write.Status ? $"{write.Key}: status {write.Status}, then {outcome.Status} {outcome.ErrorCode}"
            : !outcome.Replayed ? $"{write.Key}: {outcome.Status} without Idempotent-Replayed: true"
            : !outcome.Body.AsSpan().SequenceEqual(write.ResponseBody)
                ? $"{write.Key}: body differs ({write.ResponseBody.Length} then {outcome.Body.Length} bytes)"
            : null);
    }

    /// <summary>
    /// Concurrent duplicates: one new charge sent N times at once. All must get the same status and
    /// body, and exactly one of them is the original (no Idempotent-Replayed header).
    /// </summary>
    private async Task DuplicateAsync(Arrival arrival)
    {
        var order = NewCharge(capture: null);
        var outcomes = await Task.WhenAll(
            Enumerable.Range(0, options.DuplicateFanout).Select(_ => SendAsync(arrival, "duplicate", order.Request)));
        if (outcomes.Any(o => o.Failure is not null))
        {
            return; // counted as transport failures; nothing to compare
        }

        var original = outcomes.FirstOrDefault(o => !o.Replayed) ?? outcomes[0];
        var originals = outcomes.Count(o => !o.Replayed);
        var key = order.Request.IdempotencyKey;
        results.Checks.DuplicateGroup(
            outcomes.Any(o => o.Status != original.Status) ? $"{key}: statuses {string.Join(',', outcomes.Select(o => o.Status))}"
            : outcomes.Any(o => !o.Body.AsSpan().SequenceEqual(original.Body)) ? $"{key}: bodies differ"
            : original.IsSuccess && originals != 1 ? $"{key}: {originals} of {outcomes.Length} answers are originals (want 1)"
            : null);
        Created(arrival, order, original);
    }
}
