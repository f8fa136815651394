using Ledger.Domain;
using Ledger.Domain.Charges;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

public class RefundingTests
{
    [Fact]
    public void Refunding_without_an_amount_refunds_what_is_left()
    {
        var charge = Captured(10_000)
            .Then(c => ChargeDecisions.Refund(c, 3_000, "re_1", Now))
            .Then(c => ChargeDecisions.Refund(c, null, "re_2", Now));

        charge.Refunded.Minor.ShouldBe(10_000);
        charge.Refunds.Select(r => (r.Id, r.Amount.Minor)).ShouldBe([("re_1", 3_000L), ("re_2", 7_000L)]);
    }

    [Fact]
    public void Partial_refunds_add_up_to_at_most_the_captured_amount()
    {
        var charge = Captured(10_000)
            .Then(c => ChargeDecisions.Refund(c, 4_000, "re_1", Now))
            .Then(c => ChargeDecisions.Refund(c, 6_000, "re_2", Now));

        ChargeDecisions.Refund(charge, 1, "re_3", Now).Error!.Code.ShouldBe(DomainError.AmountExceedsAvailableCode);
    }

    [Fact]
    public void Refunding_more_than_captured_is_rejected()
    {
        var decision = ChargeDecisions.Refund(Captured(10_000), 10_001, "re_1", Now);

        decision.Error!.Code.ShouldBe(DomainError.AmountExceedsAvailableCode);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Only_the_captured_part_of_a_partial_capture_can_be_refunded()
    {
        var charge = Authorized(10_000).Then(c => ChargeDecisions.Capture(c, 4_000, "op_1", Now));

        ChargeDecisions.Refund(charge, 4_001, "re_1", Now).Error!.Code.ShouldBe(DomainError.AmountExceedsAvailableCode);
        ChargeDecisions.Refund(charge, 4_000, "re_1", Now).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void Refunding_an_uncaptured_charge_is_rejected()
    {
        ChargeDecisions.Refund(Authorized(), 1, "re_1", Now).Error!.Code.ShouldBe(DomainError.InvalidStateCode);
    }

    [Fact]
    public void A_fully_refunded_charge_has_nothing_left_to_refund()
    {
        var charge = Captured(500).Then(c => ChargeDecisions.Refund(c, null, "re_1", Now));

        ChargeDecisions.Refund(charge, null, "re_2", Now).Error!.Code.ShouldBe(DomainError.AmountExceedsAvailableCode);
    }

    [Fact]
    public void Refunds_take_money_out_of_available()
    {
        var refunded = ChargeDecisions.Refund(Captured(10_000), 2_500, "re_1", Now).Events
            .ShouldHaveSingleItem().ShouldBeOfType<ChargeRefunded>();

        refunded.Postings.ShouldContain(p => p.Account == "merchant:acme:available" && p.Side == Ledger.Domain.Postings.PostingSide.Debit);
    }
}
