namespace Ledger.Api.Hosting;

/// <summary>A finished response: status, content type and the exact body bytes.</summary>
public sealed record ApiResponse(int StatusCode, byte[] Body, string ContentType, bool Replayed = false)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task WriteAsync(HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        if (Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }

        await response.Body.WriteAsync(Body, ct);
    }
}
