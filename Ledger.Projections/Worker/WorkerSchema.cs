using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Persistence.Durability;

namespace Ledger.Projections.Worker;

/// <summary>
/// Applies everything the worker needs in the database, out of band and over a direct connection:
/// the Marten schema as the worker configures it (the shared store plus what Wolverine adds) and
/// Wolverine's envelope tables (the outbox). Idempotent: unchanged objects are left alone.
/// At run time nothing creates schema objects (AutoCreate.None in Marten and Wolverine).
/// </summary>
public static class WorkerSchema
{
    public static async Task MigrateAsync(string directConnectionString, CancellationToken ct = default)
    {
        // Built, never started: no daemon, no Kafka connection, only the configured stores.
        using var host = WorkerHost.Build([], directConnectionString);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate, ct: ct);
        await host.Services.GetRequiredService<IMessageStore>().Admin.MigrateAsync(AutoCreate.CreateOrUpdate);
    }
}
