using Ledger.Api.Charges;
using Ledger.Api.Idempotency;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Tests.Integration.Writes;

/// <summary>
/// New streams are written by our own statement, not by Marten's append function: Marten, the
/// daemon and Kafka's relay must read them back exactly as if Marten had written them.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class StartStreamsTests(LedgerApp app)
{
    [Fact]
    public async Task Streams_started_together_read_back_through_Marten_in_version_and_sequence_order()
    {
        var store = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Store;
        var existing = await app.Acme.CreateChargeAsync(capture: false);
        var now = DateTimeOffset.UtcNow;
        var captured = ChargeWrite(ChargeIds.Charge(LedgerClient.NewKey()), capture: true, now);
        var authorized = ChargeWrite(ChargeIds.Charge(LedgerClient.NewKey()), capture: false, now);
        var capture = CaptureWrite(existing, now);

        IReadOnlyList<StagedWrite> staged;
        await using (var session = await MartenWrites.OpenSessionAsync(store, CancellationToken.None))
        {
            staged = MartenWrites.Stage(session, [captured, authorized, capture]);
            await session.SaveChangesAsync();
        }

        await using var query = store.QuerySession();
        var events = (EventGraph)store.Options.Events;
        var json = store.Options.Serializer();
        foreach (var write in new[] { captured, authorized, capture })
        {
            foreach (var stream in write.NewStreams)
            {
                var state = (await query.Events.FetchStreamStateAsync(stream.StreamId)).ShouldNotBeNull();
                state.Version.ShouldBe(stream.Events.Count);
                state.AggregateType.ShouldBe(stream.StreamType);

                var read = await query.Events.FetchStreamAsync(stream.StreamId);
                read.Select(e => json.ToJson(e.Data)).ShouldBe(stream.Events.Select(json.ToJson), "the same events, in order");
                read.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stream.Events.Count).Select(v => (long)v));
                read.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
                read.ShouldAllBe(e => e.EventTypeName == events.EventMappingFor(e.EventType).EventTypeName
                    && e.DotNetTypeName == events.EventMappingFor(e.EventType).DotNetTypeName);
            }
        }

        var charge = await query.Events.FetchStreamAsync(existing);
        staged[2].Sequence.ShouldBe(charge[^1].Sequence, "a write's sequence is its newest event's, appended or started");
        staged[0].Sequence.ShouldBe((await query.Events.FetchStreamAsync(captured.NewStreams[0].StreamId))[^1].Sequence);
        (await query.Events.FetchStreamAsync(capture.NewStreams[0].StreamId))[0].Sequence
            .ShouldBeLessThan(charge[^1].Sequence, "a write's new streams come before its appends");
    }

    private static LedgerWrite ChargeWrite(string chargeId, bool capture, DateTimeOffset now)
    {
        var events = ChargeDecisions.Authorize(
            new AuthorizeCharge(chargeId, "acme", 2500, "USD", capture, null, new Dictionary<string, string>()), now).Events;
        return new LedgerWrite([new NewStream(LedgerStore.ChargeStream, chargeId, events)], [], Answer(chargeId, now));
    }

    private static LedgerWrite CaptureWrite(string chargeId, DateTimeOffset now)
    {
        var key = LedgerClient.NewKey();
        var operationId = ChargeIds.Operation(ChargeOperationKind.Capture, IdempotencyKeys.RecordId("acme", key));
        var charge = Charge.Fold([.. ChargeDecisions.Authorize(
            new AuthorizeCharge(chargeId, "acme", 10_000, "USD", false, null, new Dictionary<string, string>()), now).Events])!;
        return new LedgerWrite(
            [new NewStream(LedgerStore.OperationStream, operationId, [new ChargeOperationRecorded(operationId, "acme", chargeId, ChargeOperationKind.Capture, now)])],
            [new StreamAppend(chargeId, 1, ChargeDecisions.Capture(charge, null, operationId, now).Events)],
            Answer(operationId, now));
    }

    private static StoredResponse Answer(string id, DateTimeOffset now) => new()
    {
        Id = id,
        MerchantId = "acme",
        Fingerprint = "start-streams-test",
        StatusCode = 201,
        CreatedAt = now,
        Body = "{}",
    };
}
