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

    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxDelaySeconds * 1000.0, RetryBaseMs * Math.Pow(2, Math.Max(0, attempts - 1))));
}
