using Ledger.Domain;
using Ledger.Domain.Charges;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

public class CapturingTests
{
    [Fact]
    public void Capturing_without_an_amount_captures_everything()
    {
        var captured = Authorized(10_000).Then(c => ChargeDecisions.Capture(c, null, "op_1", Now));

        captured.Status.ShouldBe(ChargeStatus.Captured);
        captured.Captured.Minor.ShouldBe(10_000);
    }

    [Fact]
    public void A_partial_capture_releases_the_rest_to_clearing()
    {
        var decision = ChargeDecisions.Capture(Authorized(10_000), 6_000, "op_1", Now);

        var captured = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ChargeCaptured>();
        captured.Amount.Minor.ShouldBe(6_000);
        captured.Released.Minor.ShouldBe(4_000);
        captured.Postings.ShouldContain(p => p.Account == "merchant:acme:available" && p.Amount.Minor == 6_000);
        captured.Postings.ShouldContain(p => p.Account == "clearing" && p.Amount.Minor == 4_000);
    }

    [Fact]
    public void Capturing_more_than_authorized_is_rejected()
    {
        var decision = ChargeDecisions.Capture(Authorized(10_000), 10_001, "op_1", Now);

        decision.Error!.Code.ShouldBe(DomainError.AmountExceedsAvailableCode);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void A_charge_is_captured_only_once()
    {
        var once = Authorized().Then(c => ChargeDecisions.Capture(c, 1_000, "op_1", Now));

        ChargeDecisions.Capture(once, 1_000, "op_2", Now).Error!.Code.ShouldBe(DomainError.InvalidStateCode);
    }

    [Fact]
    public void Capturing_a_voided_charge_is_rejected()
    {
        var voided = Authorized().Then(c => ChargeDecisions.Void(c, null, "op_1", Now));

        ChargeDecisions.Capture(voided, null, "op_2", Now).Error!.Code.ShouldBe(DomainError.InvalidStateCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Capturing_a_non_positive_amount_is_rejected(long amount)
    {
        ChargeDecisions.Capture(Authorized(), amount, "op_1", Now).Error!.Code.ShouldBe(DomainError.ValidationFailedCode);
    }
}
