using System.Data.Common;
using JasperFx.Events;
using Ledger.Api.Charges;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Marten.Internal.Operations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Postgresql;
using IStorageSession = Weasel.Storage.IStorageSession;
using OperationRole = Weasel.Core.OperationRole;

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
    public async Task Under_the_write_settings_the_streams_are_looked_up_by_key_where_a_scan_looks_cheaper()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ThroughPgBouncer());
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(IndexPlans.ForTransaction, connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        var plan = await GenericPlanAsync(connection);

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

    [Fact]
    public async Task A_write_batch_runs_the_settings_ahead_of_its_appends()
    {
        var store = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Store;
        var probe = new SettingsProbe();
        var write = ChargeWrite(ChargeIds.Charge(LedgerClient.NewKey()));

        await using (var session = await MartenWrites.OpenSessionAsync(store, CancellationToken.None))
        {
            // Queued where the writers stage their events: after the settings, before the appends.
            session.QueueOperation(probe);
            MartenWrites.Stage(session, [write]);
            await session.SaveChangesAsync();
        }

        probe.Seen.ShouldBe("off off off off");
        await using var query = store.QuerySession();
        (await query.Events.FetchStreamStateAsync(write.NewStreams[0].StreamId)).ShouldNotBeNull();
    }

    private static LedgerWrite ChargeWrite(string chargeId)
    {
        var now = DateTimeOffset.UtcNow;
        var decision = ChargeDecisions.Authorize(
            new AuthorizeCharge(chargeId, "acme", 2500, "USD", true, null, new Dictionary<string, string>()), now);
        var response = new StoredResponse
        {
            Id = chargeId,
            MerchantId = "acme",
            Fingerprint = "plan-test",
            StatusCode = 201,
            CreatedAt = now,
            Body = "{}",
        };
        return new LedgerWrite([new NewStream(LedgerStore.ChargeStream, chargeId, decision.Events)], [], response);
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

    /// <summary>Reads the plan settings from inside the write's batch, where an event operation runs.</summary>
    private sealed class SettingsProbe : IStorageOperation
    {
        public string Seen { get; private set; } = "";

        public Type DocumentType => typeof(IEvent);

        public void ConfigureCommand(ICommandBuilder builder, IStorageSession session) => builder.Append(
            "select concat_ws(' ', current_setting('enable_seqscan'), current_setting('enable_hashjoin'), current_setting('enable_mergejoin'), current_setting('jit'))");

        public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
        {
            await reader.ReadAsync(token);
            Seen = reader.GetString(0);
        }

        public OperationRole Role() => OperationRole.Other;
    }
}
