namespace Ledger.Api.Hosting;

/// <summary>
/// Headers that keep browsers from misusing API answers: no sniffing, no framing, no referrer,
/// no caching of merchant data, and a content policy that allows nothing (JSON needs nothing).
/// HSTS tells browsers to stay on HTTPS once the load balancer terminates TLS in front of us.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ApiContentPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts: error handlers clear headers set earlier.
        context.Response.OnStarting(Apply, context);
        return next(context);
    }

    private static Task Apply(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ApiContentPolicy;
        }

        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }
}
