using Ledger.Domain.Amounts;

namespace Ledger.Domain.Charges;

public enum ChargeStatus
{
    Authorized,
    Captured,
    Voided,
}

public sealed record Refund(string Id, Money Amount, DateTimeOffset CreatedAt);

/// <summary>A charge as its events left it. Immutable: <see cref="Apply"/> returns the next state.</summary>
public sealed record Charge(
    string Id,
    string MerchantId,
    Money Amount,
    ChargeStatus Status,
    Money Captured,
    Money Refunded,
    string? Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Refund> Refunds)
{
    /// <summary>What can still be refunded: captured minus refunded so far.</summary>
    public Money Refundable => Captured - Refunded;

    public static Charge Create(ChargeAuthorized e) =>
        new(e.ChargeId, e.MerchantId, e.Amount, ChargeStatus.Authorized, Money.Zero(e.Amount.Currency),
            Money.Zero(e.Amount.Currency), e.Description, e.Metadata, e.At, []);

    public Charge Apply(ILedgerEvent e) => e switch
    {
        ChargeCaptured c => this with { Status = ChargeStatus.Captured, Captured = c.Amount },
        ChargeVoided => this with { Status = ChargeStatus.Voided },
        ChargeRefunded r => this with
        {
            Refunded = Refunded + r.Amount,
            Refunds = [.. Refunds, new Refund(r.RefundId, r.Amount, r.At)],
        },
        _ => this,
    };

    /// <summary>Folds a charge stream; null when the stream holds no charge.</summary>
    public static Charge? Fold(IEnumerable<ILedgerEvent> events)
    {
        Charge? charge = null;
        foreach (var e in events)
        {
            charge = e is ChargeAuthorized authorized ? Create(authorized) : charge?.Apply(e);
        }

        return charge;
    }
}
