using Ledger.Domain.Amounts;
using Ledger.Domain.Postings;

namespace Ledger.Domain.Payouts;

public sealed record RequestPayout(string PayoutId, string MerchantId, long Amount, string Currency);

/// <summary>The payout rule: never more than is available, decided on a strongly consistent balance.</summary>
public static class PayoutDecisions
{
    public const string InsufficientFundsCode = "insufficient_funds";

    /// <param name="available">The merchant's available balance in the payout's currency, read consistently.</param>
    public static Decision Pay(RequestPayout command, long available, DateTimeOffset now)
    {
        if (!Currency.TryFind(command.Currency, out _))
        {
            return DomainError.ValidationFailed($"'{command.Currency}' is not an ISO 4217 currency code");
        }

        if (command.Amount is <= 0 or > Money.MaxMinor)
        {
            return DomainError.ValidationFailed($"amount must be from 1 to {Money.MaxMinor} minor units");
        }

        var amount = new Money(command.Amount, command.Currency);
        if (command.Amount > available)
        {
            return Decision.Accept(new PayoutRefused(command.PayoutId, command.MerchantId, amount,
                new Money(available, command.Currency), now));
        }

        return Decision.Accept(new PayoutPaid(command.PayoutId, command.MerchantId, amount, now,
            Posting.Transfer(amount, Accounts.MerchantAvailable(command.MerchantId), Accounts.Payouts)));
    }
}
