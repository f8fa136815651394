using System.Text.Json;
using JasperFx;
using Wolverine;
using Wolverine.Kafka;
using Wolverine.Runtime.Serialization;

namespace Ledger.Projections.Kafka;

/// <summary>Wolverine in the worker: the durable outbox and the Kafka producer behind it.</summary>
public static class KafkaFanOut
{
    public const string Topic = "ledger.events";

    /// <summary>Config key (or env LEDGER_KAFKA_BOOTSTRAP) for the brokers; the local broker by default.</summary>
    public const string BootstrapKey = "Kafka:BootstrapServers";

    public const string DefaultBootstrap = "127.0.0.1:9092";

    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static void Configure(WolverineOptions opts, string bootstrapServers)
    {
        opts.UseRuntimeCompilation();
        // One worker per database, on a direct connection: no leader election needed, and none
        // could work through PgBouncer anyway.
        opts.Durability.Mode = DurabilityMode.Solo;
        // The envelope tables are created by `Ledger.Projections migrate`, never at run time.
        opts.AutoBuildMessageStorageOnStartup = AutoCreate.None;

        // No AutoProvision: topics belong to the broker (the local mock cannot create them).
        opts.UseKafka(bootstrapServers)
            .ConfigureProducers(p =>
            {
                p.LingerMs = 0;
                // acks=all and sequence numbers: a producer retry can't duplicate or reorder a partition.
                p.EnableIdempotence = true;
            });

        opts.PublishMessage<LedgerEventMessage>()
            .ToKafkaTopic(Topic)
            .UseDurableOutbox()
            .DefaultSerializer(new SystemTextJsonSerializer(WireJson))
            .UseInterop(new LedgerEventMapper());
    }
}
