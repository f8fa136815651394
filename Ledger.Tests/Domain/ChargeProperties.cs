using CsCheck;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Domain.Postings;

namespace Ledger.Tests.Domain;

/// <summary>
/// Any sequence of captures, voids and refunds, with any amounts, keeps the books right: every
/// accepted event balances, a refused one changes nothing, and the merchant's accounts always
/// hold exactly what the charge's state says they should.
/// </summary>
public class ChargeProperties
{
    private enum Step
    {
        Capture,
        Void,
        Refund,
    }

    private static readonly Gen<(Step Step, long? Amount)> Steps =
        Gen.Select(Gen.Enum<Step>(), Gen.Frequency((1, Gen.Const((long?)null)), (4, Gen.Long[-5, 2_000_000].Select(a => (long?)a))));

    private static readonly Gen<(long Amount, string Currency, bool Capture, (Step, long?)[] Steps)> Lives = Gen.Select(
        Gen.Long[1, 1_000_000], Gen.OneOf(Gen.Const("USD"), Gen.Const("JPY"), Gen.Const("KWD")), Gen.Bool, Steps.Array[0, 12]);

    [Fact]
    public void Any_life_of_a_charge_keeps_the_books_balanced_and_consistent_with_its_state()
    {
        Lives.Sample(life =>
        {
            var first = ChargeDecisions.Authorize(ChargeScenarios.Command(life.Amount, life.Currency, life.Capture), ChargeScenarios.Now);
            var events = new List<ILedgerEvent>(first.Events);
            var charge = Charge.Fold(events)!;
            var n = 0;
            foreach (var (step, amount) in life.Steps)
            {
                var id = $"op_{n++}";
                var decision = step switch
                {
                    Step.Capture => ChargeDecisions.Capture(charge, amount, id, ChargeScenarios.Now),
                    Step.Void => ChargeDecisions.Void(charge, null, id, ChargeScenarios.Now),
                    _ => ChargeDecisions.Refund(charge, amount, id, ChargeScenarios.Now),
                };
                if (!decision.IsAccepted)
                {
                    decision.Events.ShouldBeEmpty();
                    continue;
                }

                decision.Events.ShouldAllBe(e => Posting.AreBalanced(e.Postings) && e.Postings.All(p => p.Amount.Minor > 0));
                events.AddRange(decision.Events);
                charge = Charge.Fold(events)!;
            }

            ShouldHoldWhatItsStateSays(charge, events);
        }, iter: 2_000);
    }

    private static void ShouldHoldWhatItsStateSays(Charge charge, IReadOnlyList<ILedgerEvent> events)
    {
        charge.Refunded.Minor.ShouldBeInRange(0, charge.Captured.Minor);
        charge.Captured.Minor.ShouldBeInRange(0, charge.Amount.Minor);
        if (charge.Status == ChargeStatus.Voided)
        {
            charge.Captured.Minor.ShouldBe(0);
        }

        long Net(string account) => events.SelectMany(e => e.Postings).Where(p => p.Account == account)
            .Sum(p => p.Side == PostingSide.Credit ? p.Amount.Minor : -p.Amount.Minor);

        Net(Accounts.MerchantPending(charge.MerchantId)).ShouldBe(charge.Status == ChargeStatus.Authorized ? charge.Amount.Minor : 0);
        Net(Accounts.MerchantAvailable(charge.MerchantId)).ShouldBe(charge.Captured.Minor - charge.Refunded.Minor);
        Posting.AreBalanced(events.SelectMany(e => e.Postings)).ShouldBeTrue();
    }
}
