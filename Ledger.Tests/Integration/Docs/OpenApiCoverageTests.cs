using System.Reflection;
using System.Text.Json.Nodes;
using Ledger.Api.Docs;
using Ledger.Api.Errors;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Tests.Integration.Docs;

/// <summary>The document is written by hand: these keep it from drifting away from the app.</summary>
[Collection(nameof(LedgerAppCollection))]
public class OpenApiCoverageTests(DocsApp app) : IClassFixture<DocsApp>
{
    private readonly OpenApiDocument _document = OpenApiDocument.Parse(ApiDocs.Document);

    [Fact]
    public void Every_route_the_app_maps_is_documented_with_its_method()
    {
        var mapped = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            // Plumbing that is not contract: the document's own route, FastEndpoints' /_test_url_cache_.
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            // Health checks and /metrics are mapped for any method; they are documented (and used) as GET.
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method.ToLowerInvariant()} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var documented = _document.Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet();

        mapped.Count.ShouldBeGreaterThanOrEqualTo(13, "the endpoints were found at all");
        mapped.Except(documented).ShouldBeEmpty("mapped but missing from Docs/openapi.json");
        documented.Except(mapped).ShouldBeEmpty("documented but not mapped");
    }

    [Fact]
    public void Every_error_code_has_an_example_on_an_operation_where_it_can_occur()
    {
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var exampled = Responses()
            .SelectMany(r => r.Examples)
            .Select(e => (e as JsonObject)?["code"]?.GetValue<string>())
            .ToHashSet();

        codes.Count.ShouldBe(13);
        codes.Where(c => !exampled.Contains(c)).ShouldBeEmpty("error codes without an example on any operation");
    }

    [Fact]
    public void Every_documented_response_and_request_body_has_an_example()
    {
        var bare = Responses().Where(r => !r.Examples.Any()).Select(r => r.Where).ToList();
        var bareBodies = _document.Operations()
            .Where(o => o.Operation["requestBody"] is { } body && !MediaTypes(_document.Resolve(body)).SelectMany(_document.Examples).Any())
            .Select(o => $"{o.Method} {o.Path}")
            .ToList();

        Responses().Count().ShouldBeGreaterThan(50);
        bare.ShouldBeEmpty("responses without an example");
        bareBodies.ShouldBeEmpty("request bodies without an example");
    }

    [Fact]
    public void Problem_examples_match_the_status_they_are_documented_under_and_waits_say_how_long()
    {
        var mismatched = Responses()
            .SelectMany(r => r.Examples.OfType<JsonObject>().Where(e => e["code"] is not null && e["status"]?.ToString() != r.Status).Select(_ => r.Where))
            .ToList();
        var withoutRetryAfter = Responses()
            .Where(r => r.Status is "429" || (r.Status is "503" && r.Where.Contains("/v1/", StringComparison.Ordinal)))
            .Where(r => r.Response["headers"]?["Retry-After"] is null)
            .Select(r => r.Where)
            .ToList();

        mismatched.ShouldBeEmpty();
        withoutRetryAfter.ShouldBeEmpty("429 and 503 answers carry Retry-After");
    }

    [Fact]
    public void Every_post_requires_an_idempotency_key()
    {
        var posts = _document.Operations().Where(o => o.Method == "post").ToList();

        posts.Count.ShouldBe(5);
        foreach (var (_, path, operation) in posts)
        {
            operation["parameters"]!.AsArray()
                .Select(p => _document.Resolve(p!))
                .ShouldContain(p => p["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header"
                    && p["required"]!.GetValue<bool>(), $"POST {path}");
        }
    }

    private IEnumerable<(string Where, string Status, JsonObject Response, IReadOnlyList<JsonNode?> Examples)> Responses() =>
        from operation in _document.Operations()
        from response in operation.Operation["responses"]!.AsObject()
        let resolved = _document.Resolve(response.Value!)
        select ($"{operation.Method} {operation.Path} {response.Key}", response.Key, resolved,
            (IReadOnlyList<JsonNode?>)[.. MediaTypes(resolved).SelectMany(_document.Examples)]);

    private static IEnumerable<JsonObject> MediaTypes(JsonObject holder) =>
        holder["content"]?.AsObject().Select(m => m.Value!.AsObject()) ?? [];
}
