using System.Diagnostics;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>
/// Stops and starts the local broker through ops/services/kafka.sh, exactly as an operator would
/// (the tests run as root, like ./ops/test). The broker is in memory: a start is an empty cluster.
/// </summary>
public static class KafkaBroker
{
    public static Task StopAsync() => RunAsync("stop");

    public static Task StartAsync() => RunAsync("start");

    private static async Task RunAsync(string verb)
    {
        var script = Path.Combine(RepoRoot(), "ops", "services", "kafka.sh");
        using var process = Process.Start(new ProcessStartInfo(script, verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {verb} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    /// <summary>The checkout the tests were built from: the folder above bin/ that holds ops/.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ops", "services", "kafka.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ops/services/kafka.sh not found above " + AppContext.BaseDirectory);
    }
}
