namespace Ledger.Load.Stats;

/// <summary>One second of this machine's CPU: cores busy, and cores the hypervisor gave to someone else (steal).</summary>
internal sealed record HostCpuSample(double BusyCores, double StealCores);

/// <summary>
/// Reads the machine's CPU counters from /proc/stat. On a shared VM the neighbours take cores
/// away (steal) at moments of their choosing; a run that lost cores that way should say so next
/// to its latency. Yields nothing where /proc/stat is missing (not Linux).
/// </summary>
internal sealed class HostCpu
{
    private Counters? _last = Read();

    /// <summary>Busy and stolen cores since the previous call.</summary>
    public HostCpuSample? Next()
    {
        var (last, now) = (_last, Read());
        _last = now;
        if (last is null || now is null || now.Total <= last.Total)
        {
            return null;
        }

        double Cores(long delta) => Math.Round((double)delta / (now.Total - last.Total) * Environment.ProcessorCount, 3);
        return new HostCpuSample(Cores(now.Busy - last.Busy), Cores(now.Steal - last.Steal));
    }

    private sealed record Counters(long Busy, long Steal, long Total);

    private static Counters? Read()
    {
        try
        {
            using var stat = new StreamReader("/proc/stat");
            // cpu user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user and nice.
            var fields = stat.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 9 } || fields[0] != "cpu")
            {
                return null;
            }

            var t = fields[1..9].Select(long.Parse).ToArray();
            return new Counters(Busy: t[0] + t[1] + t[2] + t[5] + t[6], Steal: t[7], Total: t.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
