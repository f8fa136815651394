using Ledger.Domain;
using Ledger.Domain.Charges;

namespace Ledger.Tests.Domain;

/// <summary>Builds charges by running the real decisions, so tests never hand-craft states the rules could not produce.</summary>
internal static class ChargeScenarios
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static AuthorizeCharge Command(long amount = 10_000, string currency = "USD", bool capture = false) =>
        new("ch_1", "acme", amount, currency, capture, "order 42", new Dictionary<string, string> { ["order"] = "42" });

    public static Charge Authorized(long amount = 10_000) => Fold(ChargeDecisions.Authorize(Command(amount), Now));

    public static Charge Captured(long amount = 10_000) => Fold(ChargeDecisions.Authorize(Command(amount, capture: true), Now));

    public static Charge Then(this Charge charge, Func<Charge, Decision> decide)
    {
        var decision = decide(charge);
        decision.Error.ShouldBeNull();
        return decision.Events.Aggregate(charge, (c, e) => c.Apply(e));
    }

    private static Charge Fold(Decision decision)
    {
        decision.Error.ShouldBeNull();
        return Charge.Fold(decision.Events).ShouldNotBeNull();
    }
}
