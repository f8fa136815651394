namespace Ledger.Domain;

/// <summary>A rule the request broke. <see cref="Code"/> is part of the public contract: never rename one.</summary>
public sealed record DomainError(string Code, string Message)
{
    public const string ValidationFailedCode = "validation_failed";
    public const string InvalidStateCode = "invalid_state";
    public const string AmountExceedsAvailableCode = "amount_exceeds_available";

    public static DomainError ValidationFailed(string message) => new(ValidationFailedCode, message);

    public static DomainError InvalidState(string message) => new(InvalidStateCode, message);

    public static DomainError AmountExceedsAvailable(string message) => new(AmountExceedsAvailableCode, message);
}
