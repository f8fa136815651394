namespace Ledger.Projections.Receipts;

/// <summary>Configuration section <c>Receipts</c> of the worker.</summary>
public sealed class ReceiptOptions
{
    /// <summary>Where receipts are POSTed; without one they are written to the log (development).</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxDelaySeconds"/>.</summary>
    public int RetryBaseMs { get; init; } = 1_000;

    public int MaxDelaySeconds { get; init; } = 600;

    public int MaxAttempts { get; init; } = 15;

    /// <summary>
    /// Receipts in flight at once. One at a time, a receiver answering in 20 ms caps delivery at
    /// 50 receipts/s, below the rate captures arrive at; a page is sent this many at a time.
    /// </summary>
    public int MaxConcurrentSends { get; init; } = 32;

    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxDelaySeconds * 1000.0, RetryBaseMs * Math.Pow(2, Math.Max(0, attempts - 1))));
}
