using Ledger.Domain.Charges;

namespace Ledger.Api.Charges;

/// <summary>A charge as the API shows it (contract v1).</summary>
public sealed record ChargeResponse(
    string Id,
    string Object,
    long Amount,
    string Currency,
    ChargeStatus Status,
    long AmountCaptured,
    long AmountRefunded,
    string? Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTime Created,
    IReadOnlyList<RefundResponse> Refunds)
{
    public static ChargeResponse From(Charge c) => new(
        c.Id, "charge", c.Amount.Minor, c.Amount.Currency, c.Status, c.Captured.Minor, c.Refunded.Minor,
        c.Description, c.Metadata, c.CreatedAt.UtcDateTime,
        [.. c.Refunds.Select(r => new RefundResponse(r.Id, "refund", c.Id, r.Amount.Minor, r.Amount.Currency, "succeeded", r.CreatedAt.UtcDateTime))]);
}

public sealed record RefundResponse(string Id, string Object, string Charge, long Amount, string Currency, string Status, DateTime Created)
{
    public static RefundResponse From(ChargeRefunded e) =>
        new(e.RefundId, "refund", e.ChargeId, e.Amount.Minor, e.Amount.Currency, "succeeded", e.At.UtcDateTime);
}
