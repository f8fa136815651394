using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Tests.Integration.Writes;

/// <summary>
/// Marten's append looks its stream up by key inside a PL/pgSQL function, and each event's
/// foreign-key check does the same: plans PgBouncer's server connections keep. On a new database,
/// one made while the streams table was tiny scanned all of it on every append, and a run at
/// 600 charges/s collapsed. Here a scan is made to look cheapest, as it does on a tiny table.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class WritePlanTests(LedgerApp app)
{
    private const string StreamLookup = "select version from ledger.mt_streams where id = $1";

    [Fact]
    public async Task A_write_transaction_looks_its_streams_up_by_key_where_a_scan_looks_cheaper()
    {
        var store = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Store;
        await using var session = await MartenWrites.OpenSessionAsync(store, CancellationToken.None);

        var plan = await GenericPlanAsync(session.Connection);

        plan.ShouldNotContain("Seq Scan");
        plan.ShouldMatch(@"Index (Only )?Scan using \S+ on mt_streams");
    }

    [Fact]
    public async Task Outside_a_write_transaction_the_same_lookup_would_scan()
    {
        // The premise of the test above: without the write transaction's settings, a scan wins.
        await using var connection = new NpgsqlConnection(TestEnvironment.ThroughPgBouncer());
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        (await GenericPlanAsync(connection)).ShouldContain("Seq Scan");
    }

    /// <summary>The plan kept for <see cref="StreamLookup"/>, in the connection's open transaction, with index reads priced high.</summary>
    private static async Task<string> GenericPlanAsync(NpgsqlConnection connection)
    {
        await using (var settings = new NpgsqlCommand("set local plan_cache_mode = force_generic_plan; set local random_page_cost = 1000000", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        return await QueryPlans.ExplainAsync(connection, StreamLookup, "(text)", "'ch_none'");
    }
}
