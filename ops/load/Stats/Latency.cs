using System.Diagnostics;
using HdrHistogram;

namespace Ledger.Load.Stats;

/// <summary>Latency percentiles in milliseconds, read from an HDR histogram of microseconds.</summary>
internal sealed record Percentiles(long Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles Of(HistogramBase h) => h.TotalCount == 0
        ? new(0, 0, 0, 0, 0, 0, 0)
        : new(h.TotalCount, Ms(h.GetMean()), Ms(h.GetValueAtPercentile(50)), Ms(h.GetValueAtPercentile(90)),
            Ms(h.GetValueAtPercentile(99)), Ms(h.GetValueAtPercentile(99.9)), Ms(h.GetMaxValue()));

    private static double Ms(double micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>Histograms in microseconds, 1 µs to 10 minutes at 3 significant digits (0.1% error).</summary>
internal static class Latency
{
    public const long MaxMicros = 600_000_000;

    public static LongHistogram NewHistogram() => new(1, MaxMicros, 3);

    public static long MicrosSince(long timestamp) =>
        (long)Stopwatch.GetElapsedTime(timestamp).TotalMicroseconds;

    public static void Record(HistogramBase h, long micros) => h.RecordValue(Math.Clamp(micros, 1, MaxMicros));
}
