using System.Reflection;

namespace Ledger.Api.Docs;

/// <summary>
/// Partner docs: the hand-written OpenAPI document (Docs/openapi.json, embedded) at
/// <see cref="DocumentPath"/> and Swagger UI at <see cref="UiPath"/>, both without authentication.
/// Endpoints write their own JSON, so nothing could infer the contract by reflection; the
/// Docs tests keep the document in step with the routes the app maps.
/// </summary>
public static class ApiDocs
{
    public const string UiPath = "/swagger";
    public const string DocumentPath = "/swagger/v1/openapi.json";

    /// <summary>
    /// The UI runs its own script and stylesheet from this origin, styles elements inline, draws
    /// icons from data: URIs and calls the API from the page ("Try it out"); nothing else is allowed.
    /// </summary>
    public const string UiContentPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string ResourceName = "Ledger.Api.Docs.openapi.json";

    /// <summary>The document's bytes, exactly as kept in the repository.</summary>
    public static byte[] Document { get; } = LoadDocument();

    public static void UseLedgerApiDocs(this WebApplication app)
    {
        // Only requests for the docs pass through the UI's middleware, which matches every path it
        // sees against a regular expression (1–2% of the API's CPU on a read, in a profile).
        app.UseWhen(context => context.Request.Path.StartsWithSegments(UiPath), docs =>
        {
            // Before SecurityHeaders' callback (OnStarting runs last-registered first), which keeps a policy already set.
            docs.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = UiContentPolicy;
                    return Task.CompletedTask;
                });
                return next(context);
            });
            docs.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = UiPath.TrimStart('/');
                ui.DocumentTitle = "Ledger API v1";
                ui.SwaggerEndpoint(DocumentPath, "Ledger API v1");
            });
        });
        // Not part of the contract it describes (the Docs tests skip excluded routes).
        app.MapGet(DocumentPath, () => Results.Bytes(Document, "application/json")).ExcludeFromDescription();
    }

    private static byte[] LoadDocument()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
