namespace Ledger.Api.Hosting;

/// <summary>A finished response: status, content type and the exact body bytes.</summary>
public sealed record ApiResponse(int StatusCode, byte[] Body, string ContentType, bool Replayed = false)
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string ConsistencyTokenHeader = "Ledger-Consistency-Token";

    /// <summary>Sent back on reads, makes them see this write (<see cref="Reads.ConsistencyToken"/>).</summary>
    public string? ConsistencyToken { get; init; }

    /// <summary>Extra headers, e.g. how stale a read may be.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public async Task WriteAsync(HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        if (Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }

        if (ConsistencyToken is not null)
        {
            response.Headers[ConsistencyTokenHeader] = ConsistencyToken;
        }

        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        // The contract: every 503 says when to come back.
        if (StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey("Retry-After"))
        {
            response.Headers.RetryAfter = "1";
        }

        await response.Body.WriteAsync(Body, ct);
    }
}
