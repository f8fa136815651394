using System.Globalization;
using Ledger.Projections.Worker;

namespace Ledger.Projections.Reconciliation;

/// <summary><c>reconcile [--kafka-since 30m|ISO-8601|all] [--no-kafka] [--catch-up SECONDS]</c>: exit 0 when everything agrees, 1 when not, 2 on usage errors.</summary>
public static class ReconcileCommand
{
    public const string Usage =
        "usage: Ledger.Projections reconcile [--kafka-since 30m|2h|2026-11-27T22:00:00Z|all] [--no-kafka] [--catch-up SECONDS]";

    public static async Task<int> RunAsync(string[] args, string directConnection)
    {
        DateTimeOffset? kafkaSince = null;
        var kafka = Environment.GetEnvironmentVariable("LEDGER_KAFKA_BOOTSTRAP") ?? WorkerHost.DefaultKafkaBootstrap;
        var catchUp = TimeSpan.FromSeconds(30);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kafka-since" when i + 1 < args.Length && TryParseSince(args[++i], out var since):
                    kafkaSince = since;
                    break;
                case "--no-kafka":
                    kafka = null;
                    break;
                case "--catch-up" when i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var seconds):
                    catchUp = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }

        var report = await new Reconciler(directConnection, kafka, Console.Out).RunAsync(kafkaSince, catchUp, CancellationToken.None);
        report.WriteTo(Console.Out);
        return report.Agrees ? 0 : 1;
    }

    private static bool TryParseSince(string text, out DateTimeOffset? since)
    {
        since = null;
        if (text == "all")
        {
            return true;
        }

        if (text.Length > 1 && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var n) && n >= 0 && text[^1] is 'm' or 'h')
        {
            since = DateTimeOffset.UtcNow - (text[^1] == 'm' ? TimeSpan.FromMinutes(n) : TimeSpan.FromHours(n));
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            since = at;
            return true;
        }

        return false;
    }
}
