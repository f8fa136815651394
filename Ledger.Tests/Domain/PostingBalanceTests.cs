using Ledger.Domain;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using Ledger.Domain.Payouts;
using Ledger.Domain.Postings;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

/// <summary>Debits equal credits per currency, on every event type the rules can produce.</summary>
public class PostingBalanceTests
{
    public static TheoryData<string, ILedgerEvent> EveryEventType()
    {
        var authorized = Authorized(10_000);
        var captured = Captured(10_000);
        return new TheoryData<string, ILedgerEvent>
        {
            { "authorized", Only(ChargeDecisions.Authorize(Command(10_000), Now))[0] },
            { "captured in full", Only(ChargeDecisions.Capture(authorized, null, "op", Now))[0] },
            { "captured in part", Only(ChargeDecisions.Capture(authorized, 3_333, "op", Now))[0] },
            { "voided", Only(ChargeDecisions.Void(authorized, null, "op", Now))[0] },
            { "refunded in part", Only(ChargeDecisions.Refund(captured, 1, "re", Now))[0] },
            { "refunded in full", Only(ChargeDecisions.Refund(captured, null, "re", Now))[0] },
            { "operation recorded", new ChargeOperationRecorded("op", "acme", "ch", ChargeOperationKind.Refund, Now) },
            { "payout paid", Only(PayoutDecisions.Pay(new RequestPayout("po", "acme", 500, "USD"), 500, Now))[0] },
            { "payout refused", Only(PayoutDecisions.Pay(new RequestPayout("po", "acme", 501, "USD"), 500, Now))[0] },
            { "payout sequenced", new PayoutSequenced("po", "acme", new Money(500, "USD"), Now) },
        };
    }

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Every_event_posts_balanced_lines(string name, ILedgerEvent e)
    {
        Posting.AreBalanced(e.Postings).ShouldBeTrue(name);
        e.Postings.ShouldAllBe(p => p.Amount.Minor > 0);
    }

    [Fact]
    public void Every_event_type_is_covered()
    {
        var covered = EveryEventType().Select(row => row[1].GetType()).ToHashSet();
        var all = typeof(ILedgerEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(ILedgerEvent).IsAssignableFrom(t));

        all.ShouldAllBe(t => covered.Contains(t));
    }

    [Fact]
    public void A_whole_charge_life_leaves_pending_empty_and_balances_per_currency()
    {
        var events = new List<ILedgerEvent>();
        var decision = ChargeDecisions.Authorize(Command(10_000, "JPY"), Now);
        events.AddRange(decision.Events);
        var charge = Charge.Fold(events)!;
        events.AddRange(ChargeDecisions.Capture(charge, 8_000, "op", Now).Events);
        charge = Charge.Fold(events)!;
        events.AddRange(ChargeDecisions.Refund(charge, 500, "re", Now).Events);

        var postings = events.SelectMany(e => e.Postings).ToList();
        Posting.AreBalanced(postings).ShouldBeTrue();
        Balance(postings, Accounts.MerchantPending("acme")).ShouldBe(0);
        Balance(postings, Accounts.MerchantAvailable("acme")).ShouldBe(7_500);
    }

    [Fact]
    public void Unbalanced_lines_are_detected()
    {
        Posting[] lines =
        [
            new("a", PostingSide.Debit, new Money(100, "USD")),
            new("b", PostingSide.Credit, new Money(100, "EUR")),
        ];

        Posting.AreBalanced(lines).ShouldBeFalse();
    }

    private static IReadOnlyList<ILedgerEvent> Only(Decision decision) => decision.Events;

    // A merchant account is a liability: credits raise it.
    private static long Balance(IEnumerable<Posting> postings, string account) =>
        postings.Where(p => p.Account == account).Sum(p => p.Side == PostingSide.Credit ? p.Amount.Minor : -p.Amount.Minor);
}
