using Ledger.Api.Idempotency;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Tests.Integration.Idempotency;

[Collection(nameof(LedgerAppCollection))]
public class GroupCommitTests(LedgerApp app)
{
    [Fact]
    public async Task A_conflicting_write_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var writer = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Writer;
        writer.ShouldBeOfType<GroupCommitWriter>();
        var taken = await app.Acme.CreateChargeAsync(); // a charge id that is already a stream

        var writes = Enumerable.Range(0, 60).Select(i => NewCharge(i == 30 ? taken : null)).ToList();
        var outcomes = await Task.WhenAll(writes.Select(w => writer.WriteAsync(w, CancellationToken.None)));

        outcomes[30].Result.ShouldBe(WriteResult.KeyTaken);
        outcomes.Where((_, i) => i != 30).ShouldAllBe(o => o.Result == WriteResult.Committed && o.Sequence > 0);
        for (var i = 0; i < writes.Count; i++)
        {
            (await Written.EventsInStream(writes[i].NewStreams[0].StreamId)).ShouldBe(i == 30 ? 2 : 1);
        }

        var statistics = ((GroupCommitWriter)writer).Statistics;
        statistics.Largest.ShouldBeGreaterThan(1, "concurrent writes shared a transaction");
    }

    [Fact]
    public async Task A_write_whose_answer_is_already_stored_fails_alone_though_its_stream_is_new()
    {
        // The stored answer's key is the last line of defence: here only it collides.
        var writer = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Writer;
        var first = NewCharge(null);
        (await writer.WriteAsync(first, CancellationToken.None)).Result.ShouldBe(WriteResult.Committed);

        var writes = Enumerable.Range(0, 20).Select(_ => NewCharge(null)).ToList();
        writes[10] = writes[10] with { Response = first.Response };
        var outcomes = await Task.WhenAll(writes.Select(w => writer.WriteAsync(w, CancellationToken.None)));

        outcomes[10].Result.ShouldBe(WriteResult.KeyTaken);
        (await Written.EventsInStream(writes[10].NewStreams[0].StreamId)).ShouldBe(0);
        outcomes.Where((_, i) => i != 10).ShouldAllBe(o => o.Result == WriteResult.Committed);
    }

    [Fact]
    public async Task Two_writes_to_one_stream_never_share_a_batch_and_the_second_sees_the_first()
    {
        var writer = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Writer;
        var id = await app.Acme.CreateChargeAsync(capture: false);
        var now = DateTimeOffset.UtcNow;
        var charge = Charge.Fold([.. ChargeDecisions.Authorize(new AuthorizeCharge(id, "acme", 10_000, "USD", false, null, new Dictionary<string, string>()), now).Events])!;

        // Both expect version 1: exactly one may win, whatever batches they land in.
        var captures = Enumerable.Range(0, 2).Select(_ =>
        {
            var key = LedgerClient.NewKey();
            var record = IdempotencyKeys.RecordId("acme", key);
            var events = ChargeDecisions.Capture(charge, null, "cap_" + record, now).Events;
            return writer.WriteAsync(new LedgerWrite(
                [new NewStream(LedgerStore.OperationStream, "cap_" + record, [new ChargeOperationRecorded("cap_" + record, "acme", id, ChargeOperationKind.Capture, now)])],
                [new StreamAppend(id, 1, events)],
                new IdempotentRequest("acme", key, record, "f").Respond(200, "{}"u8.ToArray(), now)), CancellationToken.None);
        }).ToList();
        var outcomes = await Task.WhenAll(captures);

        outcomes.Count(o => o.Result == WriteResult.Committed).ShouldBe(1);
        outcomes.Count(o => o.Result == WriteResult.StreamMoved).ShouldBe(1);
        (await Written.EventsInStream(id)).ShouldBe(2);
    }

    [Fact]
    public async Task With_a_linger_writes_queued_a_moment_apart_share_one_transaction()
    {
        var shard = app.Host.Services.GetRequiredService<ShardMap>().For("acme");
        var options = new GroupCommitOptions { Committers = 1, Linger = TimeSpan.FromMilliseconds(300) };
        await using var writer = new GroupCommitWriter(shard.Store, new ConflictCheck(shard.Primary), options, NullLogger<GroupCommitWriter>.Instance);

        var outcomes = new List<Task<WriteOutcome>>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(writer.WriteAsync(NewCharge(null), CancellationToken.None));
            await Task.Delay(50);
        }

        (await Task.WhenAll(outcomes)).ShouldAllBe(o => o.Result == WriteResult.Committed);
        writer.Statistics.Batches.ShouldBe(1, "the first write waited for the other two");
        writer.Statistics.Largest.ShouldBe(3);
    }

    [Fact]
    public async Task A_batch_is_acknowledged_only_once_it_is_on_disk()
    {
        // One fsync per batch is the point of group commit, not a reason to skip it.
        var requestPath = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Primary;
        foreach (var setting in new[] { "fsync", "synchronous_commit" })
        {
            await using var command = requestPath.CreateCommand($"select current_setting('{setting}')");
            ((string)(await command.ExecuteScalarAsync())!).ShouldBe("on", setting);
        }
    }

    private static LedgerWrite NewCharge(string? reuse)
    {
        var key = LedgerClient.NewKey();
        var record = IdempotencyKeys.RecordId("acme", key);
        var id = reuse ?? "ch_" + record;
        var now = DateTimeOffset.UtcNow;
        var events = ChargeDecisions.Authorize(new AuthorizeCharge(id, "acme", 100, "USD", false, null, new Dictionary<string, string>()), now).Events;
        return new LedgerWrite([new NewStream(LedgerStore.ChargeStream, id, events)], [],
            new IdempotentRequest("acme", key, record, "f").Respond(201, "{}"u8.ToArray(), now));
    }
}
