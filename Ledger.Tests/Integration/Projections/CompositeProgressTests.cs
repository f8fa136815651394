using Ledger.Projections.Storage;
using Npgsql;

namespace Ledger.Tests.Integration.Projections;

/// <summary>
/// Upgrading a database from before the composite: its progress row starts where its members
/// are, never at the first event (which would fold the charge views' refunds twice).
/// Each case runs on a scratch copy of mt_event_progression in a schema of its own.
/// </summary>
public class CompositeProgressTests : IAsyncLifetime
{
    private readonly string _schema = $"composite_{Guid.NewGuid():N}";
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(TestEnvironment.Direct());

    public async Task InitializeAsync() => await ExecuteAsync(
        $"create schema {_schema}; create table {_schema}.mt_event_progression " +
        "(name varchar primary key, last_seq_id bigint, last_updated timestamptz)");

    public async Task DisposeAsync()
    {
        await ExecuteAsync($"drop schema {_schema} cascade");
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_new_database_gets_no_row_and_starts_from_the_first_event()
    {
        await StartAsync();

        (await RowAsync("read-models:All")).ShouldBeNull();
    }

    [Fact]
    public async Task The_composite_starts_at_its_slowest_member()
    {
        await SetAsync(("charges:All", 480), ("balances:All", 500), ("volume:All", 490));

        await StartAsync();

        (await RowAsync("read-models:All")).ShouldBe(480);
    }

    [Fact]
    public async Task A_missing_member_starts_it_from_the_first_event()
    {
        await SetAsync(("charges:All", 0), ("balances:All", 300));

        await StartAsync();

        (await RowAsync("read-models:All")).ShouldBe(0);
    }

    [Fact]
    public async Task A_charge_view_ahead_of_the_others_is_refused_and_nothing_is_written()
    {
        await SetAsync(("charges:All", 500), ("balances:All", 480), ("volume:All", 480));

        var refused = await Should.ThrowAsync<InvalidOperationException>(StartAsync());

        refused.Message.ShouldContain("is at event 500 but another read model is at 480");
        (await RowAsync("read-models:All")).ShouldBeNull();
    }

    [Fact]
    public async Task A_started_composite_is_left_where_it_is()
    {
        await SetAsync(("read-models:All", 900), ("charges:All", 900), ("balances:All", 900), ("volume:All", 100));

        await StartAsync();

        (await RowAsync("read-models:All")).ShouldBe(900);
    }

    private Task StartAsync() => CompositeProgress.StartWhereMembersAreAsync(TestEnvironment.Direct(), CancellationToken.None, _schema);

    private async Task SetAsync(params (string Name, long Sequence)[] rows)
    {
        foreach (var (name, sequence) in rows)
        {
            await using var insert = _db.CreateCommand($"insert into {_schema}.mt_event_progression values ($1, $2, now())");
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(sequence);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task<long?> RowAsync(string name)
    {
        await using var select = _db.CreateCommand($"select last_seq_id from {_schema}.mt_event_progression where name = $1");
        select.Parameters.AddWithValue(name);
        return (long?)await select.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
