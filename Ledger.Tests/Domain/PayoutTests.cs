using Ledger.Domain;
using Ledger.Domain.Payouts;
using Ledger.Domain.Postings;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

public class PayoutTests
{
    [Fact]
    public void A_payout_within_the_available_balance_debits_available()
    {
        var paid = PayoutDecisions.Pay(new RequestPayout("po_1", "acme", 700, "USD"), available: 700, Now)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<PayoutPaid>();

        paid.Amount.Minor.ShouldBe(700);
        paid.Postings.ShouldContain(p => p.Account == "merchant:acme:available" && p.Side == PostingSide.Debit && p.Amount.Minor == 700);
        paid.Postings.ShouldContain(p => p.Account == Accounts.Payouts && p.Side == PostingSide.Credit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(699)]
    [InlineData(-100)]
    public void A_payout_above_the_available_balance_is_refused_and_moves_nothing(long available)
    {
        var refused = PayoutDecisions.Pay(new RequestPayout("po_1", "acme", 700, "USD"), available, Now)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<PayoutRefused>();

        refused.Available.Minor.ShouldBe(available);
        refused.Postings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, "USD")]
    [InlineData(-1, "USD")]
    [InlineData(100, "XYZ")]
    public void Invalid_payouts_are_rejected(long amount, string currency)
    {
        PayoutDecisions.Pay(new RequestPayout("po_1", "acme", amount, currency), 1_000, Now).Error!.Code
            .ShouldBe(DomainError.ValidationFailedCode);
    }
}
