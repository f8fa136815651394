using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using Ledger.Domain.Postings;
using Ledger.Projections.Charges;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Tests.Integration.Projections;

/// <summary>
/// The charge view projection on its own, fed batches by hand as the daemon would: a batch seen
/// again folds nothing twice, and events of streams that are not charges make no view.
/// </summary>
public class ChargeViewProjectionTests : IAsyncLifetime
{
    private const string Merchant = "view-test";

    // Ticks below a microsecond: the view keeps the time as the event had it, not as timestamptz would.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 2, 10, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly DocumentStore _store = DocumentStore.For(opts =>
    {
        LedgerStore.Configure(opts);
        opts.Connection(TestEnvironment.Direct());
    });

    private readonly string _chargeId = $"ch_viewtest{Guid.NewGuid():N}";
    private readonly string _refundId = $"re_viewtest{Guid.NewGuid():N}";
    private long _sequence = 1;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Direct());
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand($"delete from {ChargeViews.TableName} where merchant_id = $1", connection);
        delete.Parameters.AddWithValue(Merchant);
        await delete.ExecuteNonQueryAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_applied_again_folds_nothing_twice()
    {
        var amount = new Money(1_000, "USD");
        var authorized = Event(1, new ChargeAuthorized(_chargeId, Merchant, amount, null, new Dictionary<string, string>(), At,
            Posting.Transfer(amount, Accounts.Clearing, Accounts.MerchantPending(Merchant))));
        var captured = Event(2, new ChargeCaptured(_chargeId, Merchant, amount, Money.Zero("USD"), "cp_1", At,
            Posting.Transfer(amount, Accounts.MerchantPending(Merchant), Accounts.MerchantAvailable(Merchant))));
        var refund = new Money(400, "USD");
        var refunded = Event(3, new ChargeRefunded(_chargeId, Merchant, _refundId, refund, At,
            Posting.Transfer(refund, Accounts.MerchantAvailable(Merchant), Accounts.Clearing)));

        await ApplyAsync(authorized, captured);
        await ApplyAsync(refunded);
        // As if the daemon lost its progress writes and read them again: neither folds the refund
        // twice, and a batch that starts the charge over does not take the refund back.
        await ApplyAsync(captured, refunded);
        await ApplyAsync(authorized, captured);

        var view = (await LoadAsync(_chargeId)).ShouldNotBeNull();
        view.Status.ShouldBe(ChargeStatus.Captured);
        view.Refunded.ShouldBe(refund);
        view.Refunds.Select(r => r.Id).ShouldBe([_refundId]);
        view.CreatedAt.ShouldBe(At);
    }

    [Fact]
    public async Task Events_of_operation_streams_make_no_view()
    {
        var operation = new Event<ChargeOperationRecorded>(new ChargeOperationRecorded(_refundId, Merchant, _chargeId, ChargeOperationKind.Refund, At))
        {
            StreamKey = _refundId,
            Version = 1,
            Sequence = _sequence++,
        };

        await ApplyAsync(operation);

        (await LoadAsync(_refundId)).ShouldBeNull();
    }

    private Event<T> Event<T>(long version, T data)
        where T : ILedgerEvent =>
        new(data) { StreamKey = _chargeId, Version = version, Sequence = _sequence++, EventTypeName = typeof(T).Name };

    private async Task ApplyAsync(params IEvent[] events)
    {
        await using var session = _store.LightweightSession();
        await new ChargeViewProjection().ApplyAsync(session, events, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task<Charge?> LoadAsync(string id)
    {
        await using var session = _store.QuerySession();
        return await ChargeViews.LoadAsync(session, id, CancellationToken.None);
    }
}
