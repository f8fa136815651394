using JasperFx.Events.Daemon;
using Ledger.Projections.Kafka;
using Ledger.Projections.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Projections.Worker;

/// <summary>
/// The worker process: runs the async projection daemon and the Kafka relay over a direct
/// connection (the daemon's advisory locks, long reads and Wolverine's durability agent don't
/// belong behind a transaction pooler). One worker per database: daemon and Wolverine run Solo.
/// </summary>
public static class WorkerHost
{
    /// <param name="kafkaBootstrap">Kafka brokers; null: config <see cref="KafkaFanOut.BootstrapKey"/>,
    /// env LEDGER_KAFKA_BOOTSTRAP, else <see cref="KafkaFanOut.DefaultBootstrap"/>.</param>
    public static IHost Build(string[] args, string directConnectionString, string? kafkaBootstrap = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bootstrap = kafkaBootstrap
            ?? builder.Configuration[KafkaFanOut.BootstrapKey]
            ?? Environment.GetEnvironmentVariable("LEDGER_KAFKA_BOOTSTRAP")
            ?? KafkaFanOut.DefaultBootstrap;

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(directConnectionString).Build());
        builder.Services.AddMarten(LedgerStore.Configure)
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.Solo)
            .IntegrateWithWolverine()
            .SubscribeToEvents(new KafkaRelay());
        builder.UseWolverine(opts => KafkaFanOut.Configure(opts, bootstrap));
        return builder.Build();
    }
}
