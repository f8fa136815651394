using Ledger.Projections.Storage;

namespace Ledger.Api.Idempotency;

/// <summary>A POST as the idempotency mechanism sees it: who, under which key, and its fingerprint.</summary>
public sealed record IdempotentRequest(string MerchantId, string Key, string RecordId, string Fingerprint)
{
    /// <summary>The durable response to store with this request's events.</summary>
    public StoredResponse Respond(int statusCode, byte[] body, DateTimeOffset now) => new()
    {
        Id = RecordId,
        MerchantId = MerchantId,
        Fingerprint = Fingerprint,
        StatusCode = statusCode,
        Body = System.Text.Encoding.UTF8.GetString(body),
        CreatedAt = now,
    };
}

public static class IdempotentRequestAccess
{
    /// <summary>The request the middleware prepared; every POST under /v1 has one.</summary>
    public static IdempotentRequest IdempotentRequest(this HttpContext context) =>
        context.Features.Get<IdempotentRequest>()
        ?? throw new InvalidOperationException("IdempotentRequestMiddleware did not run for this request");
}
