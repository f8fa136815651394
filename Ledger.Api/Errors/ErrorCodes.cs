namespace Ledger.Api.Errors;

/// <summary>The stable <c>code</c> of every error the API returns (ARCHITECTURE.md, "Errors"). Never rename one.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";
    public const string Unauthenticated = "unauthenticated";
    public const string NotFound = "not_found";
    public const string InvalidState = "invalid_state";
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>409: an earlier request with this key is still running after the bounded wait (an addition to the contract).</summary>
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";
    public const string AmountExceedsAvailable = "amount_exceeds_available";
    public const string InsufficientFunds = "insufficient_funds";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string InternalError = "internal_error";
}
