using System.Globalization;

namespace Ledger.KafkaBroker;

/// <summary>Command line: which brokers on which ports, which topics to create.</summary>
internal sealed record Options(int Brokers, int FirstPort, IReadOnlyList<(string Name, int Partitions)> Topics, int RebalanceDelayMs, string? PidFile, string? Debug)
{
    public const string Usage = """
        usage: Ledger.KafkaBroker [--brokers N] [--port P] [--topic NAME:PARTITIONS]... [--pid-file PATH]
          --brokers N     mock brokers, on ports P..P+N-1 of 127.0.0.1 (default 1)
          --port P        first broker's port, the bootstrap address (default 9092)
          --topic T:N     topic to create with N partitions; repeatable (default ledger.events:8)
          --rebalance-delay-ms MS
                          group.initial.rebalance.delay.ms (default 0: a group's first
                          consumer starts at once; Kafka's own default is 3000)
          --pid-file F    write this process's id to F, removed again on exit
          --debug CTX     librdkafka debug contexts to log to stderr, e.g. mock,cgrp
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static Options Parse(string[] args)
    {
        var brokers = 1;
        var port = 9092;
        var topics = new List<(string, int)>();
        var rebalanceDelayMs = 0;
        string? pidFile = null;
        string? debug = null;

        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--brokers":
                    brokers = Number(args[i], value, 1, 16);
                    i++;
                    break;
                case "--port":
                    port = Number(args[i], value, 1, 65535);
                    i++;
                    break;
                case "--topic":
                    topics.Add(Topic(value));
                    i++;
                    break;
                case "--rebalance-delay-ms":
                    rebalanceDelayMs = Number(args[i], value, 0, 300_000);
                    i++;
                    break;
                case "--pid-file":
                    pidFile = value ?? throw new ArgumentException("--pid-file needs a path");
                    i++;
                    break;
                case "--debug":
                    debug = value ?? throw new ArgumentException("--debug needs librdkafka debug contexts, e.g. mock,cgrp");
                    i++;
                    break;
                default:
                    throw new ArgumentException($"unknown argument: {args[i]}");
            }
        }

        if (port + brokers - 1 > 65535)
        {
            throw new ArgumentException("--port + --brokers runs past port 65535");
        }

        return new Options(brokers, port, topics.Count > 0 ? topics : [("ledger.events", 8)], rebalanceDelayMs, pidFile, debug);
    }

    private static int Number(string option, string? value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} needs a number from {min} to {max}");

    private static (string, int) Topic(string? value)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0)
        {
            throw new ArgumentException("--topic needs NAME:PARTITIONS, e.g. ledger.events:8");
        }

        return (value[..colon], Number("--topic partitions", value[(colon + 1)..], 1, 1000));
    }
}
