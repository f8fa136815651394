using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Domain.Payouts;
using Ledger.Projections.Balances;
using Ledger.Projections.Charges;
using Ledger.Projections.Receipts;
using Ledger.Projections.Volume;
using Marten;
using Marten.Events.Projections;
using Weasel.Core;

namespace Ledger.Projections.Storage;

/// <summary>The one Marten configuration every process shares: API, worker and the migrator.</summary>
public static class LedgerStore
{
    public const string Schema = "ledger";

    public static void Configure(StoreOptions opts)
    {
        opts.DatabaseSchemaName = Schema;
        // snake_case and string enums: the same JSON shape the API and Kafka consumers see.
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase, json =>
        {
            foreach (var converter in json.Converters.OfType<JsonStringEnumConverter>().ToList())
            {
                json.Converters.Remove(converter);
            }

            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        // Stream ids are derived from the caller's idempotency key, so they are strings.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        // Appending to a stream that does not exist is a bug, not a way to create one.
        opts.Events.UseMandatoryStreamTypeDeclaration = true;
        foreach (var type in EventTypes)
        {
            opts.Events.AddEventType(type);
        }

        opts.Storage.ExtendedSchemaObjects.Add(StoredResponses.Table());
        // No mt_dotnet_type, mt_last_modified or mt_version (a random guid) on document rows:
        // nothing reads them, and every row of every read model carried them.
        opts.Policies.DisableInformationalFields();
        RegisterReadModels(opts);

        // Schema changes are applied out of band by `Ledger.Projections migrate` over a direct
        // connection; at run time nothing may take DDL locks (and the API goes through PgBouncer).
        opts.AutoCreateSchemaObjects = AutoCreate.None;
    }

    /// <summary>
    /// The async projections and their documents. Every process registers them (the API reads the
    /// documents, the migrator creates their tables); only the worker runs the daemon.
    /// </summary>
    private static void RegisterReadModels(StoreOptions opts)
    {
        // One daemon agent for all three: each batch of events is read and deserialised once, and
        // every member's documents and progress row commit in the composite's one transaction.
        // (As three agents, each loaded, deserialised and tracked every event on its own.)
        opts.Projections.CompositeProjectionFor(ProjectionNames.ReadModels, composite =>
        {
            composite.Options.BatchSize = 1000;
            composite.Add(new ChargeViewProjection());
            composite.Add(new BalanceProjection());
            composite.Add(new VolumeProjection());
            // A plain IProjection is named after its class inside a composite; keep the row names.
            NameMember<ChargeViewProjection>(composite, ProjectionNames.Charges);
            NameMember<BalanceProjection>(composite, ProjectionNames.Balances);
            NameMember<VolumeProjection>(composite, ProjectionNames.Volume);
        });
        // A projection that cannot apply an event stops (and says so) rather than skip it:
        // a balance that silently missed an event is worse than one that is late.
        opts.Projections.Errors.SkipApplyErrors = false;
        // Poll for new events every 50 ms while busy, 100 ms when idle: read-your-writes waits on
        // the daemon, but each poll is several statements plus a progress write that the replica
        // replays. At 20/25 ms two idle shards burned a whole core doing nothing.
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
        // The worker process runs the daemon (it overrides this with Solo); everyone else only reads.
        opts.Projections.AsyncMode = DaemonMode.ExternallyManaged;

        ReadModelColumns.Register(opts);
        opts.Storage.ExtendedSchemaObjects.Add(ChargeViews.Table());
        opts.Storage.ExtendedSchemaObjects.Add(LedgerEntries.Table());
        opts.Storage.ExtendedSchemaObjects.Add(ReceiptTable.Table());
    }

    private static void NameMember<TProjection>(CompositeProjection composite, string name) =>
        ((ProjectionBase)composite.AllProjections().Single(p => p.ImplementationType == typeof(TProjection))).Name = name;

    /// <summary>
    /// Creates or updates the schema. Only over a direct connection: Marten takes a session advisory
    /// lock while it migrates, which PgBouncer's transaction pooling would not honour.
    /// </summary>
    public static async Task MigrateAsync(string directConnectionString, CancellationToken ct = default)
    {
        await using var store = DocumentStore.For(opts =>
        {
            Configure(opts);
            opts.Connection(directConnectionString);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
        // First, as it may refuse (and ask for the previous worker, which needs the old tables).
        await CompositeProgress.StartWhereMembersAreAsync(directConnectionString, ct);
        await ChargeViews.MoveDocumentsAsync(directConnectionString, ct);
        await LedgerEntries.MoveDocumentsAsync(directConnectionString, ct);
        await StoredResponses.MoveDocumentsAsync(directConnectionString, ct);
        await ReceiptTable.MoveDocumentsAsync(directConnectionString, ct);
    }

    /// <summary>Every event type in the domain, registered up front so any process can read any stream.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(ILedgerEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILedgerEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Stream types, named once so Marten's stream table says what each stream is.</summary>
    public static readonly Type ChargeStream = typeof(Charge);

    public static readonly Type OperationStream = typeof(ChargeOperation);

    public static readonly Type PayoutStream = typeof(Payout);

    public static readonly Type PayoutLaneStream = typeof(PayoutLane);
}
