using Ledger.Domain.Amounts;
using Ledger.Domain.Postings;

namespace Ledger.Domain.Charges;

public sealed record AuthorizeCharge(
    string ChargeId,
    string MerchantId,
    long Amount,
    string Currency,
    bool Capture,
    string? Description,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>The rules of a charge: pure functions from (state, command, time) to events or an error.</summary>
public static class ChargeDecisions
{
    public static Decision Authorize(AuthorizeCharge command, DateTimeOffset now)
    {
        if (!Currency.TryFind(command.Currency, out _))
        {
            return DomainError.ValidationFailed($"'{command.Currency}' is not an ISO 4217 currency code");
        }

        if (CheckAmount(command.Amount) is { } invalid)
        {
            return invalid;
        }

        var amount = new Money(command.Amount, command.Currency);
        var authorized = new ChargeAuthorized(
            command.ChargeId, command.MerchantId, amount, command.Description, command.Metadata, now,
            Posting.Transfer(amount, Accounts.Clearing, Accounts.MerchantPending(command.MerchantId)));

        return command.Capture
            ? Decision.Accept(authorized, Captured(Charge.Create(authorized), amount, command.ChargeId, now))
            : Decision.Accept(authorized);
    }

    /// <summary>Captures all or part of an authorization, once; the uncaptured rest is released.</summary>
    public static Decision Capture(Charge charge, long? amount, string operationId, DateTimeOffset now)
    {
        if (charge.Status != ChargeStatus.Authorized)
        {
            return DomainError.InvalidState($"charge {charge.Id} is {Describe(charge.Status)}; only an authorized charge can be captured");
        }

        var minor = amount ?? charge.Amount.Minor;
        if (CheckAmount(minor) is { } invalid)
        {
            return invalid;
        }

        if (minor > charge.Amount.Minor)
        {
            return DomainError.AmountExceedsAvailable(
                $"cannot capture {minor}: charge {charge.Id} authorized {charge.Amount.Minor} {charge.Amount.Currency}");
        }

        return Decision.Accept(Captured(charge, new Money(minor, charge.Amount.Currency), operationId, now));
    }

    /// <summary>Releases an authorization that was not captured.</summary>
    public static Decision Void(Charge charge, VoidReason? reason, string operationId, DateTimeOffset now)
    {
        if (charge.Status != ChargeStatus.Authorized)
        {
            return DomainError.InvalidState($"charge {charge.Id} is {Describe(charge.Status)}; only an authorized charge can be voided");
        }

        return Decision.Accept(new ChargeVoided(
            charge.Id, charge.MerchantId, charge.Amount, reason, operationId, now,
            Posting.Transfer(charge.Amount, Accounts.MerchantPending(charge.MerchantId), Accounts.Clearing)));
    }

    /// <summary>Refunds all or part of what is left of the captured amount; partial refunds add up.</summary>
    public static Decision Refund(Charge charge, long? amount, string refundId, DateTimeOffset now)
    {
        if (charge.Status != ChargeStatus.Captured)
        {
            return DomainError.InvalidState($"charge {charge.Id} is {Describe(charge.Status)}; only a captured charge can be refunded");
        }

        var refundable = charge.Refundable;
        var minor = amount ?? refundable.Minor;
        if (amount is not null && CheckAmount(minor) is { } invalid)
        {
            return invalid;
        }

        if (minor <= 0 || minor > refundable.Minor)
        {
            return DomainError.AmountExceedsAvailable(
                $"cannot refund {minor}: {refundable.Minor} {refundable.Currency} of charge {charge.Id} is left to refund");
        }

        var refund = new Money(minor, refundable.Currency);
        return Decision.Accept(new ChargeRefunded(
            charge.Id, charge.MerchantId, refundId, refund, now,
            Posting.Transfer(refund, Accounts.MerchantAvailable(charge.MerchantId), Accounts.Clearing)));
    }

    private static ChargeCaptured Captured(Charge charge, Money amount, string operationId, DateTimeOffset now)
    {
        var released = charge.Amount - amount;
        var pending = Accounts.MerchantPending(charge.MerchantId);
        IReadOnlyList<Posting> postings = released.Minor == 0
            ? Posting.Transfer(amount, pending, Accounts.MerchantAvailable(charge.MerchantId))
            : [.. Posting.Transfer(amount, pending, Accounts.MerchantAvailable(charge.MerchantId)),
               .. Posting.Transfer(released, pending, Accounts.Clearing)];
        return new ChargeCaptured(charge.Id, charge.MerchantId, amount, released, operationId, now, postings);
    }

    private static DomainError? CheckAmount(long minor) => minor switch
    {
        <= 0 => DomainError.ValidationFailed("amount must be a positive number of minor units"),
        > Money.MaxMinor => DomainError.ValidationFailed($"amount must not exceed {Money.MaxMinor} minor units"),
        _ => null,
    };

    private static string Describe(ChargeStatus status) => status.ToString().ToLowerInvariant();
}
