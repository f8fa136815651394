using System.Net;

namespace Ledger.Shadow.Cli;

/// <summary>One client per base URL: keep-alive, no proxy, no cookies, no redirects, no decompression, so the bytes compared are the bytes sent.</summary>
internal static class Http
{
    /// <summary>Hop-by-hop and framing headers: never forwarded or replayed, the client sets its own.</summary>
    public static readonly IReadOnlySet<string> HopByHop = new HashSet<string>(
        ["Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Upgrade", "TE", "Trailer",
         "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate"], StringComparer.OrdinalIgnoreCase);

    public static HttpClient Client(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = timeout,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A request with its body: a GET or HEAD without one gets no content (and so no Content-Type) at all.</summary>
    public static HttpRequestMessage Request(string method, Uri url, byte[] body)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (body.Length > 0 || method is not ("GET" or "HEAD"))
        {
            message.Content = new ByteArrayContent(body);
        }

        return message;
    }

    /// <summary>Puts a header on the message, or on its content when it is a content header (Content-Type).</summary>
    public static void Add(HttpRequestMessage message, string name, string value)
    {
        if (!HopByHop.Contains(name) && !message.Headers.TryAddWithoutValidation(name, value))
        {
            message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>Every header of an answer, a repeated one joined with ", ".</summary>
    public static List<KeyValuePair<string, string>> Headers(HttpResponseMessage answer) =>
        [.. answer.Headers.Concat(answer.Content.Headers).Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value)))];
}
