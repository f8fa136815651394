using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alba;

namespace Ledger.Tests.Integration;

/// <summary>A raw HTTP response: bytes exactly as sent, so replays can be compared byte for byte.</summary>
public sealed record Reply(int Status, byte[] Body, string? ContentType, bool Replayed, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The write's consistency token: hand it to a read to see this write.</summary>
    public string? Token => Headers.GetValueOrDefault("Ledger-Consistency-Token");

    public string? Id => Json.TryGetProperty("id", out var id) ? id.GetString() : null;

    /// <summary>The token of the newest write among <paramref name="replies"/>: reads with it see them all.</summary>
    public static string? Latest(IEnumerable<Reply> replies) =>
        replies.Where(r => r.Token is not null)
            .MaxBy(r => long.Parse(r.Token![(r.Token!.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture))?.Token;

    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Code => Json.GetProperty("code").GetString()!;
}

/// <summary>Talks to an in-process API node as one merchant.</summary>
public sealed class LedgerClient(IAlbaHost host, string? apiKey)
{
    public string? ApiKey => apiKey;

    public static string NewKey() => $"test-{Guid.NewGuid():N}";

    /// <summary>POST; <paramref name="lengthUnknown"/> sends the body without a Content-Length (chunked).</summary>
    public Task<Reply> PostAsync(string path, string? idempotencyKey, string? json, string contentType = "application/json",
        bool lengthUnknown = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = lengthUnknown ? new UnknownLengthContent(Encoding.UTF8.GetBytes(json)) : new StringContent(json, Encoding.UTF8);
            // Sent as given, unvalidated: tests send malformed media types on purpose.
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request);
    }

    /// <summary>GET; with a consistency token the read sees the write that returned it.</summary>
    public Task<Reply> GetAsync(string path, string? consistencyToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (consistencyToken is not null)
        {
            request.Headers.Add("Ledger-Consistency-Token", consistencyToken);
        }

        return SendAsync(request);
    }

    /// <summary>Creates a charge and returns its id; fails the test if that does not work.</summary>
    public async Task<string> CreateChargeAsync(long amount = 10_000, bool capture = true, string currency = "USD") =>
        (await CreateChargeReplyAsync(amount, capture, currency)).Id!;

    public async Task<Reply> CreateChargeReplyAsync(long amount = 10_000, bool capture = true, string currency = "USD")
    {
        var reply = await PostAsync("/v1/charges", NewKey(), $$"""{"amount":{{amount}},"currency":"{{currency}}","capture":{{(capture ? "true" : "false")}}}""");
        reply.Status.ShouldBe(201, reply.Text);
        return reply;
    }

    private async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var client = host.Server.CreateClient();
        using var response = await client.SendAsync(request);
        return new Reply(
            (int)response.StatusCode,
            await response.Content.ReadAsByteArrayAsync(),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true"),
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>A body whose length is not known up front, as a streaming client sends it.</summary>
internal sealed class UnknownLengthContent(byte[] body) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
