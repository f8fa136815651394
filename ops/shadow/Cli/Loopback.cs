using System.Globalization;
using System.Net;

namespace Ledger.Shadow.Cli;

/// <summary>
/// This machine may send traffic only to itself (127.0.0.1): every address the tool listens on or
/// sends to is checked here, up front, and anything else is refused.
/// </summary>
internal static class Loopback
{
    private const string Why = "traffic from this machine goes to this machine only (127.0.0.1, localhost or [::1])";

    /// <summary>A base URL such as http://127.0.0.1:5080, on this machine.</summary>
    public static Uri BaseUrl(string option, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"{option} needs an http(s) base URL, e.g. http://127.0.0.1:5080 (got \"{value}\")");
        }

        if (!IsLoopback(uri.Host))
        {
            throw new UsageException($"{option} {value} refused: {Why}");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UsageException($"{option} is a base URL: no query or fragment (got \"{value}\")");
        }

        return uri;
    }

    /// <summary>host:port to listen on, e.g. 127.0.0.1:5090 or [::1]:5090; the host must be a loopback one.</summary>
    public static (string Host, int Port) ListenAddress(string option, string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon] : "";
        var portText = colon > 0 ? value[(colon + 1)..] : "";
        if (host.Length == 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new UsageException($"{option} needs host:port, e.g. 127.0.0.1:5090 (got \"{value}\")");
        }

        if (!IsLoopback(host))
        {
            throw new UsageException($"{option} {value} refused: {Why}");
        }

        return (host, port);
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The base URL and a logged path+query as one absolute URL; a base path prefix is kept.</summary>
    public static Uri Combine(Uri baseUrl, string pathAndQuery) =>
        new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery));
}
