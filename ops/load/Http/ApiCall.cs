using System.Text.Json;

namespace Ledger.Load.Http;

/// <summary>One request to send: everything the API reads from it.</summary>
internal sealed record ApiRequest(
    HttpMethod Method, string Path, string ApiKey, byte[]? Body = null, string? IdempotencyKey = null, string? ConsistencyToken = null);

/// <summary>What came back: a response, or the transport failure that took its place.</summary>
internal sealed record ApiOutcome(int Status, byte[] Body, bool Replayed, string? ConsistencyToken, string? Failure)
{
    public static ApiOutcome Failed(string failure) => new(0, [], false, null, failure);

    public bool IsSuccess => Failure is null && Status is >= 200 and < 300;

    /// <summary>The problem+json <c>code</c> of an error response ("none" when it has none).</summary>
    public string? ErrorCode => Failure is null && Status >= 400 ? ReadCode(Body) : null;

    private static string ReadCode(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()!
                : "none";
        }
        catch (JsonException)
        {
            return "not_json";
        }
    }
}
