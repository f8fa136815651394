using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Auth;
using Ledger.Api.Errors;

namespace Ledger.Api.Idempotency;

/// <summary>
/// For every POST under /v1 (after authentication): checks the Idempotency-Key, reads the body
/// once (bounded), and fingerprints method, path and body. Endpoints then bind from the buffered copy.
/// </summary>
public sealed class IdempotentRequestMiddleware(RequestDelegate next)
{
    public const int MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Path.StartsWithSegments("/v1")
            || context.GetEndpoint() is null
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        string? key = context.Request.Headers[IdempotencyKeys.Header];
        if (!IdempotencyKeys.IsValid(key))
        {
            await ApiProblem.Of(StatusCodes.Status400BadRequest, ErrorCodes.IdempotencyKeyInvalid, "Idempotency-Key is missing or invalid",
                    $"Every POST needs an {IdempotencyKeys.Header} header of 1 to {IdempotencyKeys.MaxLength} printable ASCII characters.")
                .ToResponse().WriteAsync(context.Response, context.RequestAborted);
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiProblem.Of(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Request body too large",
                    $"Request bodies are limited to {MaxBodyBytes} bytes.")
                .ToResponse().WriteAsync(context.Response, context.RequestAborted);
            return;
        }

        var merchantId = context.User.MerchantId();
        context.Features.Set(new IdempotentRequest(merchantId, key!, IdempotencyKeys.RecordId(merchantId, key!),
            Fingerprint(context.Request, body)));
        context.Request.Body = new MemoryStream(body, writable: false);
        await next(context);
    }

    /// <summary>Reads the whole body, or returns null when it is larger than the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // A declared length (what clients send) is read straight into one array of that size: no
        // chunk buffer and no copies, on every POST.
        if (request.ContentLength is { } length)
        {
            var body = new byte[length];
            var received = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
            return received == body.Length ? body : body[..received];
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Fingerprint(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
