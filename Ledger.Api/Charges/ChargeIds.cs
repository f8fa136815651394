using Ledger.Domain.Charges;

namespace Ledger.Api.Charges;

/// <summary>
/// Public ids are the stream ids: a type prefix plus the id derived from merchant and
/// Idempotency-Key (<see cref="Idempotency.IdempotencyKeys.RecordId"/>).
/// </summary>
public static class ChargeIds
{
    public const string ChargePrefix = "ch_";
    private const int MaxLength = 64;

    public static string Charge(string recordId) => ChargePrefix + recordId;

    public static string Operation(ChargeOperationKind kind, string recordId) => kind switch
    {
        ChargeOperationKind.Capture => "cap_" + recordId,
        ChargeOperationKind.Void => "vd_" + recordId,
        ChargeOperationKind.Refund => "re_" + recordId,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Cheap shape check before any database work: anything else cannot be a charge.</summary>
    public static bool LooksLikeCharge(string? id) =>
        id is { Length: > 3 and <= MaxLength } && id.StartsWith(ChargePrefix, StringComparison.Ordinal)
        && id.AsSpan(ChargePrefix.Length).IndexOfAnyExcept("0123456789abcdefghjkmnpqrstvwxyz") < 0;
}
