using Ledger.Projections.Worker;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ledger.Tests.Integration.Receipts;

/// <summary>
/// The worker outlives dropped database connections. (The failure ops/chaos pg-restart found, a
/// connection reset surfacing as Marten's MartenCommandException in the receipt dispatcher,
/// which stopped the whole worker, is not reproduced by terminating backends: that surfaces as
/// an Npgsql exception, which was handled before. The drill covers it.)
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class DispatcherResilienceTests(LedgerApp app)
{
    [Fact]
    public async Task Dropped_database_connections_do_not_stop_the_worker()
    {
        const string name = "ledger-worker-resilience-test";
        var shard = TestEnvironment.ShardOf("acme");
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Direct(shard)) { ApplicationName = name }.ConnectionString;
        using var worker = WorkerHost.Build(
            ["--Logging:LogLevel:Default=Critical", $"--Receipts:WebhookUrl={ReceiptInbox.Shared.Url}", "--Receipts:RetryBaseMs=200"],
            connection, TestEnvironment.Kafka);
        var lifetime = worker.Services.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
        // This worker must lead (daemon and dispatcher), so the fixture's stand aside meanwhile.
        await app.StopWorkerAsync();
        await worker.StartAsync();
        try
        {
            await Task.Delay(2000);
            for (var restart = 0; restart < 25; restart++)
            {
                await Task.Delay(restart % 2 == 0 ? 130 : 270); // not in step with the dispatcher's 250 ms
                await TerminateConnectionsAsync(shard, name);
            }

            await Task.Delay(1500);
            lifetime!.ApplicationStopping.IsCancellationRequested.ShouldBeFalse("the worker kept running through the dropped connections");
            var charge = await app.Acme.CreateChargeAsync(5_150);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ReceiptInbox.Shared.DeliveredFor(charge).Count == 0)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "receipts still flow");
                await Task.Delay(100);
            }
        }
        finally
        {
            await worker.StopAsync();
            await app.StartWorkerAsync();
        }
    }

    private static async Task TerminateConnectionsAsync(int shard, string applicationName)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.Direct(shard));
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = $1", admin);
        kill.Parameters.AddWithValue(applicationName);
        await kill.ExecuteScalarAsync();
    }
}
