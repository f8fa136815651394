using System.Globalization;
using Ledger.Api.Reads;
using Ledger.Projections.Storage;
using Npgsql;

namespace Ledger.Tests.Integration.Projections;

/// <summary>
/// A prepared statement can keep one generic plan for the life of its connection. The worker's
/// and the replica's connections must never be handed a plan that reads a whole table, because
/// such a plan gets slower with every event (at a million events: 0.7 s per gap check).
/// Generic plans are forced here, on small copies of the event tables (in a schema of their own), as
/// on a worker that made its plans on a new database.
/// </summary>
public class PreparedPlanTests : IAsyncLifetime
{
    private readonly string _schema = $"plans_{Guid.NewGuid():N}";

    // Marten's daemon: the high-water gap check, and a page of events with their streams' types.
    private const string GapCheck = """
        select
          (select min(seq_id) from {0}.mt_events where seq_id > $1) as first_after,
          (select seq_id from (select seq_id, lead(seq_id) over (order by seq_id) as next_seq
                               from {0}.mt_events where seq_id >= $1) gaps
           where next_seq is not null and next_seq - seq_id > 1 order by seq_id limit 1) as gap_edge,
          (select max(seq_id) from {0}.mt_events where seq_id >= $1) as max_seq
        """;

    private const string EventPage = """
        select d.data, d.seq_id, s.type as stream_type
        from {0}.mt_events as d inner join {0}.mt_streams as s on d.stream_id = s.id
        where d.seq_id > $1 and d.seq_id <= $2 and d.is_archived = false order by d.seq_id limit 1000
        """;

    private readonly NpgsqlDataSource _prepared = PreparedStatements.DataSourceBuilder(TestEnvironment.Direct()).Build();

    public async Task InitializeAsync() => await ExecuteAsync($"""
        create schema {_schema};
        create table {_schema}.mt_streams (like ledger.mt_streams including all);
        create table {_schema}.mt_events (like ledger.mt_events including all);
        create table {_schema}.mt_event_progression (like ledger.mt_event_progression including all);
        create sequence {_schema}.events_sequence;
        insert into {_schema}.mt_streams (id, type, version) select 'ch_' || n, 'charge', 2 from generate_series(1, 1500) n;
        insert into {_schema}.mt_events (seq_id, id, stream_id, version, data, type)
            select n, gen_random_uuid(), 'ch_' || (n + 1) / 2, 2 - n % 2, jsonb_build_object(), 'charge_authorized' from generate_series(1, 3000) n;
        insert into {_schema}.mt_event_progression (name, last_seq_id) values ('charges:All', 2950)
        """);

    public async Task DisposeAsync()
    {
        await ExecuteAsync($"drop schema {_schema} cascade");
        await _prepared.DisposeAsync();
    }

    [Fact]
    public async Task The_gap_check_walks_the_sequence_index()
    {
        var plan = await GenericPlanAsync("(bigint)", GapCheck, "2900");

        plan.ShouldNotContain("Seq Scan");
        plan.ShouldMatch(@"Index Only Scan using \S+ on mt_events");
    }

    [Fact]
    public async Task A_page_of_events_looks_up_each_stream_by_its_key()
    {
        // Once autovacuum has analyzed them, a generic plan would hash every stream instead.
        await ExecuteAsync($"analyze {_schema}.mt_streams, {_schema}.mt_events");
        var plan = await GenericPlanAsync("(bigint, bigint)", EventPage, "2900, 2970");

        plan.ShouldNotContain("Seq Scan");
        plan.ShouldNotContain("Hash Join");
        plan.ShouldMatch(@"Nested Loop[\s\S]+Index Scan using \S+ on mt_streams");
    }

    [Fact]
    public async Task The_replica_change_feed_walks_the_sequence_index()
    {
        await ExecuteAsync($"analyze {_schema}.mt_events, {_schema}.mt_event_progression");
        var plan = await GenericPlanAsync("(bigint, bigint, text)", ProgressWatcher.ChangesSql(_schema), "2900, 10000, 'charges:All'");

        plan.ShouldNotContain("Seq Scan");
        plan.ShouldMatch(@"Index Scan using \S+ on mt_events");
    }

    [Fact]
    public async Task A_statement_that_must_scan_is_not_compiled()
    {
        // The daemon reads its sequence on every poll; a sequence can only be scanned.
        var plan = await GenericPlanAsync("", "select last_value from {0}.events_sequence", null);

        plan.ShouldContain("Seq Scan");
        plan.ShouldNotContain("JIT");
    }

    private async Task<string> GenericPlanAsync(string types, string sql, string? arguments)
    {
        await using var connection = await _prepared.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("set plan_cache_mode = force_generic_plan", connection);
        await command.ExecuteNonQueryAsync();
        var plan = await QueryPlans.ExplainAsync(connection, string.Format(CultureInfo.InvariantCulture, sql, _schema), types, arguments);
        command.CommandText = "reset plan_cache_mode";
        await command.ExecuteNonQueryAsync();
        return plan;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _prepared.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
