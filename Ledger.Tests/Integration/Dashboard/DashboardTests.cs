using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ledger.Tests.Integration.Dashboard;

/// <summary>
/// /dashboard in a real browser: a merchant of its own (so every figure is known exactly), an API
/// node on a loopback port, and headless chromium that loads the page and runs its script; the
/// chart elements in the resulting DOM carry the data they drew.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public sealed partial class DashboardTests(LedgerApp app) : IAsyncLifetime
{
    private readonly string _merchant = "dash_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _key = $"sk_test_{Guid.NewGuid():N}";
    private KestrelNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        app.Workers.ShouldNotBeEmpty("the fixture's workers keep the read models the page shows up to date");
        _node = await KestrelNode.StartAsync(LedgerApp.HostSettings(TestEnvironment.Redis, new Dictionary<string, string?>
        {
            ["Merchants:2:Id"] = _merchant,
            ["Merchants:2:Shard"] = "shard1",
            ["Merchants:2:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_key))),
        }));
        _http = new HttpClient { BaseAddress = _node.Address };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task The_charts_show_this_merchants_volume_status_mix_balances_and_live_requests()
    {
        await ChargeAsync(2500, "USD", capture: true);
        await ChargeAsync(1500, "EUR", capture: true);
        await ChargeAsync(700, "USD", capture: false);
        var voided = await ChargeAsync(300, "EUR", capture: false);
        (await PostAsync($"v1/charges/{voided}/void")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ReplicaShowsAsync("v1/dashboard/statuses", body => body.GetProperty("data").EnumerateArray().Sum(s => s.GetProperty("count").GetInt64()) == 4);
        await ReplicaShowsAsync("v1/dashboard/volume", body => body.GetProperty("data").GetArrayLength() == 2);
        await ReplicaShowsAsync("v1/balance", body => body.GetProperty("available").GetArrayLength() == 2
            && body.GetProperty("available").EnumerateArray().All(b => b.GetProperty("amount").GetInt64() > 0));

        // Traffic while the page watches, so the live panel has requests to count between its polls
        // (the page's own /metrics polls are not counted, and its data refreshes only every 10 s).
        using var traffic = new CancellationTokenSource();
        var background = Task.Run(async () =>
        {
            while (!traffic.IsCancellationRequested)
            {
                await _http.GetAsync("v1/balance", CancellationToken.None);
                await Task.Delay(200, CancellationToken.None);
            }
        });

        // The key travels in the fragment, which browsers never send to a server.
        var page = await HeadlessChromium.RenderAsync(new Uri(_node.Address, $"dashboard#key={_key}"),
            "document.getElementById('status-mix').dataset.total > 0 && document.getElementById('live').dataset.samples >= 2"
            + " && Number(document.getElementById('live').dataset.rate) > 0",
            TimeSpan.FromSeconds(30));
        await traffic.CancelAsync();
        await background;
        var dom = page.Dom;
        page.Console.ShouldBeEmpty("no script errors and no content-policy refusals");
        var elements = Elements(dom);
        var byId = elements.Where(e => e.ContainsKey("id")).ToDictionary(e => e["id"]);

        byId["status"].GetValueOrDefault("class", "").ShouldNotContain("error", customMessage: dom);
        byId["volume"]["data-points"].ShouldBe("2");
        byId["volume"]["data-currencies"].Split(',').Order().ShouldBe(["EUR", "USD"]);
        var lines = elements.Where(e => e.ContainsKey("data-currency")).ToDictionary(e => e["data-currency"]);
        lines["USD"]["data-points"].ShouldBe("1");
        lines["EUR"]["data-points"].ShouldBe("1");
        Dots(elements).ShouldContain(2500);
        Dots(elements).ShouldContain(1500);

        byId["status-mix"]["data-authorized"].ShouldBe("1");
        byId["status-mix"]["data-captured"].ShouldBe("2");
        byId["status-mix"]["data-voided"].ShouldBe("1");
        byId["status-mix"]["data-total"].ShouldBe("4");

        byId["balances"]["data-currencies"].ShouldBe("EUR,USD");
        var bars = elements.Where(e => e.GetValueOrDefault("class", "").StartsWith("bar ", StringComparison.Ordinal))
            .Select(e => (e["data-kind"], long.Parse(e["data-value"], CultureInfo.InvariantCulture))).ToList();
        bars.ShouldContain(("available", 2500L));
        bars.ShouldContain(("available", 1500L));
        bars.ShouldContain(("pending", 700L));

        // Polled every 2 s: each poll sees at least the page's earlier requests.
        int.Parse(byId["live"]["data-samples"], CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(2);
        double.Parse(byId["live"]["data-rate"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        double.Parse(byId["live"]["data-mean-ms"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        double.Parse(byId["live"]["data-p95-ms"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_page_is_served_without_a_key_under_a_policy_that_allows_only_this_origin()
    {
        using var anonymous = new HttpClient { BaseAddress = _node.Address };
        foreach (var (path, type) in new[]
        {
            ("dashboard", "text/html"), ("dashboard/dashboard.js", "text/javascript"), ("dashboard/dashboard.css", "text/css"),
        })
        {
            using var response = await anonymous.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(type);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            policy.ShouldContain("default-src 'none'");
            policy.ShouldContain("script-src 'self'");
            policy.ShouldNotContain("unsafe");
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
            response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        }

        (await anonymous.GetAsync("v1/dashboard/statuses")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<string> ChargeAsync(long amount, string currency, bool capture)
    {
        using var response = await PostAsync("v1/charges",
            $$"""{"amount":{{amount}},"currency":"{{currency}}","capture":{{(capture ? "true" : "false")}}}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", LedgerClient.NewKey());
        return await _http.SendAsync(request);
    }

    /// <summary>The page reads without a consistency token (from the replica): wait until that shows the writes.</summary>
    private async Task ReplicaShowsAsync(string path, Func<JsonElement, bool> done)
    {
        var body = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            body = await _http.GetStringAsync(path);
            if (done(JsonDocument.Parse(body).RootElement))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"{path} never showed the writes: {body}");
    }

    private static List<double> Dots(List<Dictionary<string, string>> elements) =>
        [.. elements.Where(e => e.GetValueOrDefault("class") == "dot").Select(e => double.Parse(e["data-value"], CultureInfo.InvariantCulture))];

    /// <summary>Every start tag's attributes (and its name under "tag"); enough for the page's own markup.</summary>
    private static List<Dictionary<string, string>> Elements(string html) =>
        [.. StartTag().Matches(html).Select(tag =>
        {
            var attributes = Attribute().Matches(tag.Groups[2].Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value));
            attributes["tag"] = tag.Groups[1].Value;
            return attributes;
        })];

    [GeneratedRegex("<([a-zA-Z]+)\\s([^>]*)>")]
    private static partial Regex StartTag();

    [GeneratedRegex("([\\w:-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
