namespace Ledger.Api.Dashboard.Page;

/// <summary>
/// GET /dashboard: a static page (HTML, one script, one style sheet, embedded in this assembly)
/// that asks for an API key and draws charts from the JSON endpoints and /metrics. It holds no
/// data itself, so it is served without authentication; everything it shows needs the key.
/// </summary>
public static class DashboardPage
{
    /// <summary>
    /// Only this origin's script and style files and this origin's JSON: no inline script or style,
    /// nothing from elsewhere. Replaces the API's <c>default-src 'none'</c> for these answers only.
    /// </summary>
    public const string ContentPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/dashboard", "index.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    public static void MapDashboardPage(this WebApplication app)
    {
        foreach (var (path, resource, contentType) in Assets)
        {
            var body = Read(resource);
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.ContentSecurityPolicy = ContentPolicy;
                // Revalidated on every load so a deploy shows up at once; the files are small.
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(body, contentType);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Ledger.Api.Dashboard.Page." + name)
            ?? throw new InvalidOperationException($"the dashboard's {name} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
