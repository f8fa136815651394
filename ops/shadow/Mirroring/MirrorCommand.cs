using System.Globalization;
using System.Threading.Channels;
using Ledger.Shadow.Cli;
using Ledger.Shadow.Log;
using Ledger.Shadow.Recording;
using Ledger.Shadow.Replaying;
using Ledger.Shadow.Reporting;

namespace Ledger.Shadow.Mirroring;

/// <summary>
/// mirror = record's proxy in front of the primary + replay's comparison fed live: each proxied
/// exchange (the primary's answer included) is queued, and one worker sends the queue to the
/// shadow in order, so the shadow sees the writes in the order the primary answered them.
/// </summary>
internal static class MirrorCommand
{
    private const int QueueLimit = 10_000;

    public static async Task<int> RunAsync(MirrorOptions options, string[] args)
    {
        var rules = ReplayCommand.LoadRules(options.Rules);
        var startedAt = DateTimeOffset.UtcNow;
        var runId = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        using var stop = new Stopping(); // Ctrl+C or SIGTERM: stop taking requests, let the shadow catch up, report
        using var primaryClient = Http.Client(TimeSpan.FromSeconds(options.Proxy.TimeoutSeconds));
        using var shadow = new Side("shadow", options.Shadow, TimeSpan.FromSeconds(options.Proxy.TimeoutSeconds));
        await using var log = options.Log is null ? null : new ExchangeLogWriter(options.Log);

        var queue = Channel.CreateBounded<Exchange>(new BoundedChannelOptions(QueueLimit) { SingleReader = true });
        var skipped = 0L;
        var replayer = new Replayer(rules, primary: null, shadow);
        var worker = Task.Run(async () =>
        {
            await foreach (var exchange in queue.Reader.ReadAllAsync())
            {
                await replayer.ReplayAsync(exchange);
            }
        });

        async Task Mirror(Exchange exchange)
        {
            if (log is not null)
            {
                await log.AppendAsync(exchange);
            }

            if (!queue.Writer.TryWrite(exchange))
            {
                Interlocked.Increment(ref skipped);
            }
        }

        var proxy = new RecordingProxy(options.Proxy, primaryClient, Mirror);
        try
        {
            await proxy.RunAsync(
                () => Console.WriteLine($"mirror {runId}: listening on {options.Proxy.ListenUrl} → primary {options.Proxy.Target}, copies to shadow {options.Shadow} (Ctrl+C stops)"),
                stop.Token);
        }
        catch (System.Net.HttpListenerException e)
        {
            Console.Error.WriteLine($"shadow: cannot listen on {options.Proxy.ListenUrl}: {e.Message} (is the port taken? pick another with --listen)");
            return 1;
        }

        queue.Writer.Complete();
        Console.WriteLine($"mirror: {proxy.Recorded} exchange(s) proxied; the shadow is catching up with {queue.Reader.Count} queued");
        await worker;
        if (skipped > 0)
        {
            Console.WriteLine($"mirror: {skipped} exchange(s) skipped: the shadow fell more than {QueueLimit} behind");
        }

        var report = new ReplayReport("mirror", runId, startedAt, "ops/shadow/run " + string.Join(' ', args),
            options.Log is null ? "(live, not logged)" : Path.GetFullPath(options.Log),
            $"{options.Proxy.Target} (live, through the proxy)", options.Shadow.ToString(),
            options.Rules.Select(Path.GetFullPath).ToList(), skipped > 0, replayer.Counts, replayer.Latency, replayer.Findings);
        var path = await ReportFiles.WriteAsync(report, Path.GetFullPath(options.Report ?? ReportFiles.DefaultDirectory(startedAt)));
        ConsoleSummary.Print(report, path, options.Show);
        return report.Clean ? 0 : 1;
    }
}
