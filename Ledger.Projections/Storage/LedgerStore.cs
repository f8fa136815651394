using JasperFx;
using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Marten;
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
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase);

        // Stream ids are derived from the caller's idempotency key, so they are strings.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        // Appending to a stream that does not exist is a bug, not a way to create one.
        opts.Events.UseMandatoryStreamTypeDeclaration = true;
        foreach (var type in EventTypes)
        {
            opts.Events.AddEventType(type);
        }

        opts.Schema.For<StoredResponse>();

        // Schema changes are applied out of band by `Ledger.Projections migrate` over a direct
        // connection; at run time nothing may take DDL locks (and the API goes through PgBouncer).
        opts.AutoCreateSchemaObjects = AutoCreate.None;
    }

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
    }

    /// <summary>Every event type in the domain, registered up front so any process can read any stream.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(ILedgerEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILedgerEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Stream types, named once so Marten's stream table says what each stream is.</summary>
    public static readonly Type ChargeStream = typeof(Charge);

    public static readonly Type OperationStream = typeof(ChargeOperation);
}
