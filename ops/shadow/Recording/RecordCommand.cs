using Ledger.Shadow.Cli;
using Ledger.Shadow.Log;

namespace Ledger.Shadow.Recording;

internal static class RecordCommand
{
    public static async Task<int> RunAsync(RecordOptions options)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(options.Log)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        using var stop = new Stopping(); // Ctrl+C or SIGTERM: finish what is in flight, then write out
        await using var log = new ExchangeLogWriter(options.Log);
        using var client = Http.Client(TimeSpan.FromSeconds(options.Proxy.TimeoutSeconds));
        var proxy = new RecordingProxy(options.Proxy, client, log.AppendAsync);
        try
        {
            await proxy.RunAsync(
                () => Console.WriteLine($"record: listening on {options.Proxy.ListenUrl} → {options.Proxy.Target}, appending to {options.Log} (Ctrl+C stops)"),
                stop.Token);
        }
        catch (System.Net.HttpListenerException e)
        {
            Console.Error.WriteLine($"shadow: cannot listen on {options.Proxy.ListenUrl}: {e.Message} (is the port taken? pick another with --listen)");
            return 1;
        }

        Console.WriteLine(RecordingProxy.Summary(proxy.Recorded, proxy.Failed));
        return 0;
    }
}
