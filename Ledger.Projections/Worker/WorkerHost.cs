using JasperFx.Events.Daemon;
using Ledger.Projections.Kafka;
using Ledger.Projections.Receipts;
using Ledger.Projections.Storage;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Worker;

/// <summary>
/// The worker process: runs the async daemon (read-model projections and the Kafka relay) over a
/// direct connection (the daemon's advisory locks and long reads don't belong behind a
/// transaction pooler). One worker per database is the plan; HotCold mode (an advisory lock per
/// database) makes sure a second one started by mistake waits instead of projecting twice.
/// </summary>
public static class WorkerHost
{
    /// <summary>Config key (env Kafka__BootstrapServers or LEDGER_KAFKA_BOOTSTRAP) for the Kafka brokers.</summary>
    public const string KafkaBootstrapKey = "Kafka:BootstrapServers";

    public const string DefaultKafkaBootstrap = "127.0.0.1:9092";

    /// <param name="kafkaBootstrap">Kafka brokers; null: config, env LEDGER_KAFKA_BOOTSTRAP, else the local broker.</param>
    public static IHost Build(string[] args, string directConnectionString, string? kafkaBootstrap = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bootstrap = kafkaBootstrap
            ?? builder.Configuration[KafkaBootstrapKey]
            ?? Environment.GetEnvironmentVariable("LEDGER_KAFKA_BOOTSTRAP")
            ?? DefaultKafkaBootstrap;

        // Straight to the primary, so the worker's statements stay prepared.
        builder.Services.AddSingleton(_ => PreparedStatements.DataSourceBuilder(directConnectionString).Build());
        builder.Services.AddSingleton(sp => new LedgerEventProducer(bootstrap, sp.GetRequiredService<ILogger<LedgerEventProducer>>()));
        builder.Services.AddSingleton<KafkaRelay>();
        AddReceipts(builder);
        builder.Services.AddMarten(LedgerStore.Configure)
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold);
        // A standby worker takes over within a second of the active one stopping.
        builder.Services.ConfigureMarten(opts => opts.Projections.LeadershipPollingTime = 1000);
        // Only the worker subscribes: the relay is a daemon agent like the projections.
        builder.Services.ConfigureMarten((sp, opts) => opts.Projections.Subscribe(sp.GetRequiredService<KafkaRelay>()));
        return builder.Build();
    }

    /// <summary>Receipts: made and first sent by a subscription in the daemon, retried by a dispatcher beside it (Receipts:WebhookUrl).</summary>
    private static void AddReceipts(HostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Receipts").Get<ReceiptOptions>() ?? new ReceiptOptions();
        if (options.MaxConcurrentSends < 1)
        {
            throw new InvalidOperationException($"Receipts:MaxConcurrentSends must be at least 1, not {options.MaxConcurrentSends}.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        if (options.WebhookUrl is { } url)
        {
            // One long-lived client; connections are recycled so DNS changes are seen.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = TimeSpan.FromSeconds(5),
            };
            builder.Services.AddSingleton<IReceiptChannel>(new WebhookReceiptChannel(http, url));
        }
        else
        {
            builder.Services.AddSingleton<IReceiptChannel, LogReceiptChannel>();
        }

        builder.Services.AddSingleton<ReceiptSender>();
        builder.Services.AddSingleton<ReceiptSubscription>();
        builder.Services.AddHostedService<ReceiptDispatcher>();
        builder.Services.ConfigureMarten((sp, opts) => opts.Projections.Subscribe(sp.GetRequiredService<ReceiptSubscription>()));
    }
}
