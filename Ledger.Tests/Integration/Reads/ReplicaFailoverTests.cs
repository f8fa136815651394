using System.Diagnostics;
using Npgsql;

namespace Ledger.Tests.Integration.Reads;

/// <summary>
/// Stops the replica, then the primary, of the PostgreSQL clusters ops/ runs (tests run as root),
/// and checks that reads keep working from the other one. Each test restarts what it stopped.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class ReplicaFailoverTests(LedgerApp app)
{
    private static readonly string PrimaryCluster = Environment.GetEnvironmentVariable("LEDGER_TEST_PRIMARY_CLUSTER") ?? "main";
    private static readonly string ReplicaCluster = Environment.GetEnvironmentVariable("LEDGER_TEST_REPLICA_CLUSTER") ?? "main_replica";

    [Fact]
    public async Task With_the_replica_stopped_reads_come_from_the_primary()
    {
        var created = await app.Acme.CreateChargeReplyAsync(3_300);
        try
        {
            PgCtl(ReplicaCluster, "stop", "-m", "fast");

            var withToken = await app.Acme.GetAsync($"/v1/charges/{created.Id}", created.Token);
            var withoutToken = await app.Acme.GetAsync($"/v1/charges/{created.Id}");
            var list = await app.Acme.GetAsync("/v1/charges?limit=3");

            withToken.Status.ShouldBe(200);
            withToken.Headers["Ledger-Read-Source"].ShouldBe("primary");
            withoutToken.Status.ShouldBe(200);
            withoutToken.Headers["Ledger-Read-Source"].ShouldBe("primary");
            list.Status.ShouldBe(200);
        }
        finally
        {
            PgCtl(ReplicaCluster, "start");
            await WaitUntilUpAsync("Host=127.0.0.1;Port=5433;Database=postgres;Username=ledger;Password=ledger");
        }

        // The API looks at the replica again after Host Recheck Seconds (1 s in tests).
        await Eventually.HoldsAsync(
            async () => (await app.Acme.GetAsync($"/v1/charges/{created.Id}")).Headers.GetValueOrDefault("Ledger-Read-Source") == "replica",
            TimeSpan.FromSeconds(10), "reads went back to the replica");
    }

    [Fact]
    public async Task With_the_primary_stopped_reads_come_from_the_replica()
    {
        var created = await app.Acme.CreateChargeReplyAsync(4_400);
        (await app.Acme.GetAsync($"/v1/charges/{created.Id}", created.Token)).Headers["Ledger-Read-Source"].ShouldBe("replica");
        await app.Acme.GetAsync("/v1/balance", created.Token);
        try
        {
            PgCtl(PrimaryCluster, "stop", "-m", "fast");

            var charge = await app.Acme.GetAsync($"/v1/charges/{created.Id}");
            var list = await app.Acme.GetAsync("/v1/charges?limit=3");
            var balance = await app.Acme.GetAsync("/v1/balance");

            charge.Status.ShouldBe(200);
            charge.Text.ShouldBe(created.Text);
            charge.Headers["Ledger-Read-Source"].ShouldBe("replica");
            list.Status.ShouldBe(200);
            balance.Status.ShouldBe(200);
        }
        finally
        {
            PgCtl(PrimaryCluster, "start");
            await WaitUntilUpAsync(TestEnvironment.ThroughPgBouncer(1));
            // The stop ended every connection; idle ones left in this process's pools would fail
            // whichever later test (or the reconciler it runs) drew them first.
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static void PgCtl(string cluster, string action, params string[] options)
    {
        using var process = Process.Start(new ProcessStartInfo("pg_ctlcluster", ["15", cluster, action, .. options])
        {
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"pg_ctlcluster 15 {cluster} {action}: {process.StandardError.ReadToEnd()}");
    }

    private static async Task WaitUntilUpAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
