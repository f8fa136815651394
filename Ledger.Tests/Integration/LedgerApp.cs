using Alba;
using Ledger.Projections.Storage;
using Ledger.Projections.Worker;
using Microsoft.Extensions.Hosting;

namespace Ledger.Tests.Integration;

/// <summary>The API in-process (Alba) against the real PostgreSQL, PgBouncer and Redis.</summary>
public sealed class LedgerApp : IAsyncLifetime
{
    private static readonly SemaphoreSlim Migrated = new(1, 1);
    private static bool _migrated;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The worker (projection daemon) for the test database, in-process.</summary>
    public IHost Worker { get; private set; } = null!;

    public LedgerClient Acme { get; private set; } = null!;

    public LedgerClient Globex { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await EnsureSchemaAsync();
        await StartWorkerAsync();
        Host = await StartHostAsync(TestEnvironment.Redis);
        Acme = new LedgerClient(Host, TestEnvironment.AcmeKey);
        Globex = new LedgerClient(Host, TestEnvironment.GlobexKey);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await StopWorkerAsync();
    }

    public async Task StartWorkerAsync()
    {
        Worker = WorkerHost.Build([], TestEnvironment.Direct);
        await Worker.StartAsync();
    }

    public async Task StopWorkerAsync()
    {
        await Worker.StopAsync();
        Worker.Dispose();
    }

    /// <summary>Another API node: same database and Redis, its own process state (single flight, pools).</summary>
    public static async Task<IAlbaHost> StartHostAsync(string redis)
    {
        await EnsureSchemaAsync();
        return await AlbaHost.For<Program>(ConfigurationOverride.Create(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ledger"] = TestEnvironment.ThroughPgBouncer,
            ["ConnectionStrings:LedgerRead"] = TestEnvironment.ReplicaFirst,
            ["ConnectionStrings:Redis"] = redis,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }

    private static async Task EnsureSchemaAsync()
    {
        await Migrated.WaitAsync();
        try
        {
            if (!_migrated)
            {
                await LedgerStore.MigrateAsync(TestEnvironment.Direct);
                _migrated = true;
            }
        }
        finally
        {
            Migrated.Release();
        }
    }
}

[CollectionDefinition(nameof(LedgerAppCollection))]
public sealed class LedgerAppCollection : ICollectionFixture<LedgerApp>;
