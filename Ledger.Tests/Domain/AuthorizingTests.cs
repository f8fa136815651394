using Ledger.Domain;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using static Ledger.Tests.Domain.ChargeScenarios;

namespace Ledger.Tests.Domain;

public class AuthorizingTests
{
    [Fact]
    public void Authorizing_holds_the_amount_in_pending()
    {
        var decision = ChargeDecisions.Authorize(Command(2_500), Now);

        var authorized = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ChargeAuthorized>();
        authorized.Amount.ShouldBe(new Money(2_500, "USD"));
        authorized.At.ShouldBe(Now);
        authorized.Postings.ShouldContain(p => p.Account == "merchant:acme:pending" && p.Amount.Minor == 2_500);
    }

    [Fact]
    public void Authorizing_with_capture_also_captures_the_full_amount()
    {
        var decision = ChargeDecisions.Authorize(Command(2_500, capture: true), Now);

        decision.Events.Count.ShouldBe(2);
        var captured = decision.Events[1].ShouldBeOfType<ChargeCaptured>();
        captured.Amount.Minor.ShouldBe(2_500);
        captured.Released.Minor.ShouldBe(0);
        Charge.Fold(decision.Events)!.Status.ShouldBe(ChargeStatus.Captured);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(Money.MaxMinor + 1)]
    [InlineData(long.MaxValue)]
    public void Amounts_outside_the_allowed_range_are_rejected(long amount)
    {
        var decision = ChargeDecisions.Authorize(Command(amount), Now);

        decision.Error!.Code.ShouldBe(DomainError.ValidationFailedCode);
        decision.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("usd")]
    [InlineData("")]
    [InlineData("US")]
    public void Unknown_currencies_are_rejected(string currency)
    {
        ChargeDecisions.Authorize(Command(currency: currency), Now).Error!.Code.ShouldBe(DomainError.ValidationFailedCode);
    }

    [Fact]
    public void The_largest_allowed_amount_is_accepted()
    {
        ChargeDecisions.Authorize(Command(Money.MaxMinor), Now).IsAccepted.ShouldBeTrue();
    }
}
