using System.Net;

namespace Ledger.Load.Http;

/// <summary>
/// The one HTTP client of a run: HTTP/1.1 keep-alive connections to the API, as many as the
/// in-flight cap may need, so no request waits for a connection inside the client (that wait
/// would be the client's latency, not the server's).
/// </summary>
internal sealed class LedgerHttp : IDisposable
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string ConsistencyTokenHeader = "Ledger-Consistency-Token";

    private readonly HttpClient _client;
    private readonly InFlight _inFlight;
    private readonly Version _version;

    public LedgerHttp(Uri baseUrl, int maxConnections, TimeSpan timeout, InFlight inFlight, Version version)
    {
        _inFlight = inFlight;
        _version = version;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            // Connections live for the whole run: a reconnect mid-run would show up as latency.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // HTTP/2: a new connection only when one has used up the streams the server allows.
            EnableMultipleHttp2Connections = true,
        };
        _client = new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            Timeout = timeout,
        };
        _client.DefaultRequestHeaders.ExpectContinue = false;
    }

    /// <summary>Sends and reads the whole body; never throws for a transport failure, it names it.</summary>
    public async Task<ApiOutcome> SendAsync(ApiRequest request)
    {
        // The client's default version applies only to its shortcut methods, not to a message.
        using var message = new HttpRequestMessage(request.Method, request.Path)
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.Authorization = new("Bearer", request.ApiKey);
        if (request.IdempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        }

        if (request.ConsistencyToken is not null)
        {
            message.Headers.Add(ConsistencyTokenHeader, request.ConsistencyToken);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new("application/json");
        }

        _inFlight.Enter();
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var replayed = response.Headers.TryGetValues(ReplayedHeader, out var values) && values.Contains("true");
            var token = response.Headers.TryGetValues(ConsistencyTokenHeader, out var tokens) ? tokens.FirstOrDefault() : null;
            return new ApiOutcome((int)response.StatusCode, body, replayed, token, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return ApiOutcome.Failed(Failures.Classify(e));
        }
        finally
        {
            _inFlight.Leave();
        }
    }

    public void Dispose() => _client.Dispose();
}
