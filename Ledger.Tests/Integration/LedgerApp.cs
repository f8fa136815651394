using Alba;
using Ledger.Projections.Storage;
using Ledger.Projections.Worker;
using Ledger.Tests.Integration.Receipts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Tests.Integration;

/// <summary>The API in-process (Alba) against the real PostgreSQL, PgBouncer, Redis and Kafka.</summary>
public sealed class LedgerApp : IAsyncLifetime
{
    private static readonly SemaphoreSlim Migrated = new(1, 1);
    private static bool _migrated;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The workers (projection daemon and Kafka relay), one per shard, in-process.</summary>
    public IReadOnlyList<IHost> Workers { get; private set; } = [];

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

    /// <summary>Fresh worker processes, as after a deploy or a crash: they resume from their recorded progress.</summary>
    public async Task StartWorkerAsync()
    {
        Workers = [.. TestEnvironment.AllShards.Select(k =>
            WorkerHost.Build(
                ["--Logging:LogLevel:Default=Warning", $"--Receipts:WebhookUrl={ReceiptInbox.Shared.Url}", "--Receipts:RetryBaseMs=200"],
                TestEnvironment.Direct(k), TestEnvironment.Kafka))];
        await Task.WhenAll(Workers.Select(w => w.StartAsync()));
    }

    public async Task StopWorkerAsync()
    {
        foreach (var worker in Workers)
        {
            await worker.StopAsync();
            worker.Dispose();
        }
    }

    /// <summary>Another API node: same database and Redis, its own process state (single flight, pools).</summary>
    /// <param name="extraSettings">configuration on top of the test defaults (e.g. another merchant)</param>
    /// <param name="logs">a logger provider that receives everything the host logs, at every level</param>
    public static async Task<IAlbaHost> StartHostAsync(string redis, IDictionary<string, string?>? extraSettings = null,
        ILoggerProvider? logs = null)
    {
        await EnsureSchemaAsync();
        var settings = HostSettings(redis, extraSettings, verbose: logs is not null);
        return await AlbaHost.For<Program>(
            web => web.ConfigureLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            }),
            ConfigurationOverride.Create(settings));
    }

    /// <summary>An API node's configuration in tests: the test shards, Redis, Kafka, quiet logs unless <paramref name="verbose"/>.</summary>
    public static Dictionary<string, string?> HostSettings(string redis, IDictionary<string, string?>? extraSettings = null, bool verbose = false)
    {
        var settings = new Dictionary<string, string?>(TestEnvironment.ShardSettings())
        {
            ["ConnectionStrings:Redis"] = redis,
            ["Kafka:BootstrapServers"] = TestEnvironment.Kafka,
            ["Logging:LogLevel:Default"] = verbose ? "Trace" : "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = verbose ? "Trace" : "Warning",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task EnsureSchemaAsync()
    {
        await Migrated.WaitAsync();
        try
        {
            if (!_migrated)
            {
                foreach (var shard in TestEnvironment.AllShards)
                {
                    await LedgerStore.MigrateAsync(TestEnvironment.Direct(shard));
                }

                _migrated = true;
            }
        }
        finally
        {
            Migrated.Release();
        }
    }
}

/// <summary>
/// Every test class that starts an API host belongs here, so that no host stops while another
/// test runs. In one process, OpenTelemetry's providers pick meters by name: each host's /metrics
/// counts every host's requests, and when a host stops, the hosts still running stop counting
/// theirs (measured: none for five seconds, with no host started meanwhile). The dashboard test
/// reads those counts.
/// </summary>
[CollectionDefinition(nameof(LedgerAppCollection))]
public sealed class LedgerAppCollection : ICollectionFixture<LedgerApp>;
