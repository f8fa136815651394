using HdrHistogram;
using Ledger.Load.Http;

namespace Ledger.Load.Stats;

/// <summary>The current second, for the progress line and the latency-over-time plot; swapped every second.</summary>
internal sealed class Window
{
    private readonly Lock _gate = new();
    private LongHistogram _histogram = Latency.NewHistogram();
    private LongHistogram _spare = Latency.NewHistogram();
    private long _errors;
    private long _serverErrors;
    private long _failures;

    public void Record(long micros, ApiOutcome outcome)
    {
        lock (_gate)
        {
            Latency.Record(_histogram, micros);
            if (outcome.Failure is not null)
            {
                _failures++;
                _errors++;
            }
            else if (outcome.Status >= 400)
            {
                _errors++;
                _serverErrors += outcome.Status >= 500 ? 1 : 0;
            }
        }
    }

    /// <summary>What completed since the last call, and a fresh window for the next second. One caller only (the progress loop).</summary>
    public WindowSnapshot Swap()
    {
        LongHistogram full;
        long errors, serverErrors, failures;
        lock (_gate)
        {
            (full, _histogram) = (_histogram, _spare);
            (errors, serverErrors, failures) = (_errors, _serverErrors, _failures);
            (_errors, _serverErrors, _failures) = (0, 0, 0);
        }

        // Read outside the lock; the old histogram becomes the spare once emptied.
        var snapshot = new WindowSnapshot(Percentiles.Of(full), errors, serverErrors, failures);
        full.Reset();
        _spare = full;
        return snapshot;
    }
}

internal sealed record WindowSnapshot(Percentiles Latency, long Errors, long ServerErrors, long Failures);
