using Ledger.Domain;
using Ledger.Domain.Charges;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

public class VoidingTests
{
    [Fact]
    public void Voiding_releases_the_whole_authorization()
    {
        var decision = ChargeDecisions.Void(Authorized(7_000), VoidReason.RequestedByCustomer, "op_1", Now);

        var voided = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ChargeVoided>();
        voided.Released.Minor.ShouldBe(7_000);
        voided.Reason.ShouldBe(VoidReason.RequestedByCustomer);
        voided.Postings.ShouldContain(p => p.Account == "merchant:acme:pending" && p.Amount.Minor == 7_000);
    }

    [Fact]
    public void Voiding_a_captured_charge_is_rejected()
    {
        ChargeDecisions.Void(Captured(), null, "op_1", Now).Error!.Code.ShouldBe(DomainError.InvalidStateCode);
    }

    [Fact]
    public void Voiding_twice_is_rejected()
    {
        var voided = Authorized().Then(c => ChargeDecisions.Void(c, null, "op_1", Now));

        ChargeDecisions.Void(voided, null, "op_2", Now).Error!.Code.ShouldBe(DomainError.InvalidStateCode);
    }
}
