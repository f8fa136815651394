using Alba;
using Ledger.Api.Docs;
using Ledger.Api.Hosting;

namespace Ledger.Tests.Integration.Docs;

[Collection(nameof(LedgerAppCollection))]
public class SwaggerTests(DocsApp app) : IClassFixture<DocsApp>
{
    [Fact]
    public async Task Swagger_serves_the_ui_from_embedded_assets_without_authentication()
    {
        var root = await app.Host.Scenario(s =>
        {
            s.Get.Url("/swagger");
            s.StatusCodeShouldBe(301);
        });
        // Relative to /swagger, so the page's relative asset links resolve under /swagger/.
        var index = await app.Host.Scenario(s => s.Get.Url("/swagger/index.html"));
        var bundle = await app.Host.Scenario(s => s.Get.Url("/swagger/swagger-ui-bundle.js"));

        root.Context.Response.Headers.Location.ToString().ShouldBe("swagger/index.html");
        index.Context.Response.ContentType.ShouldStartWith("text/html");
        var html = await index.ReadAsTextAsync();
        html.ShouldContain("<div id=\"swagger-ui\">");
        html.ShouldContain("src=\"./swagger-ui-bundle.js\"", customMessage: "assets come from this server, not a CDN");
        bundle.Context.Response.ContentType!.ShouldContain("javascript");
    }

    [Fact]
    public async Task The_document_is_valid_json_served_as_kept_in_the_repository()
    {
        var result = await app.Host.Scenario(s => s.Get.Url(ApiDocs.DocumentPath));

        result.Context.Response.ContentType.ShouldBe("application/json");
        var body = await result.ReadAsTextAsync();
        var document = OpenApiDocument.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        document.Root["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        document.Root["components"]!["securitySchemes"]!["bearerAuth"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        body.ShouldBe(System.Text.Encoding.UTF8.GetString(ApiDocs.Document));
    }

    [Fact]
    public async Task The_ui_gets_a_content_policy_it_can_run_under_while_the_api_keeps_its_strict_one()
    {
        var ui = await app.Host.Scenario(s => s.Get.Url("/swagger/index.html"));
        var api = await app.Host.Scenario(s =>
        {
            s.Get.Url("/v1/balance");
            s.StatusCodeShouldBe(401);
        });

        var policy = ui.Context.Response.Headers.ContentSecurityPolicy.ToString();
        policy.ShouldBe(ApiDocs.UiContentPolicy);
        policy.ShouldContain("script-src 'self'");
        policy.ShouldNotContain("unsafe-eval");
        policy.ShouldContain("frame-ancestors 'none'");
        api.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldBe(SecurityHeaders.ApiContentPolicy);
    }
}
