using Alba;

namespace Ledger.Tests.Integration.Observability;

[Collection(nameof(LedgerAppCollection))]
public class ObservabilityTests(LedgerApp app)
{
    [Fact]
    public async Task Metrics_report_requests_idempotency_outcomes_batch_sizes_write_stages_and_lag_in_prometheus_text()
    {
        var key = LedgerClient.NewKey();
        const string body = """{"amount":2500,"currency":"USD"}""";
        (await app.Acme.PostAsync("/v1/charges", key, body)).Status.ShouldBe(201);
        (await app.Acme.PostAsync("/v1/charges", key, body)).Replayed.ShouldBeTrue();

        string metrics = "";
        for (var scrape = 0; scrape < 20 && !metrics.Contains("ledger_kafka_relay_lag", StringComparison.Ordinal); scrape++)
        {
            await Task.Delay(scrape == 0 ? 0 : 200);
            metrics = await ScrapeAsync();
        }

        metrics.ShouldContain("http_server_request_duration_seconds_bucket");
        metrics.ShouldContain("http_route=\"/v1/charges\"");
        // Fine enough to see a read (well under 1 ms), with the targets (20 and 80 ms) as bounds.
        var durationBounds = metrics.Split('\n').Where(l => l.StartsWith("http_server_request_duration_seconds_bucket", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("le=\"", StringComparison.Ordinal) + 4)..l.LastIndexOf('"')]).ToHashSet();
        new[] { "0.0005", "0.001", "0.02", "0.08", "+Inf" }.ShouldBeSubsetOf(durationBounds);
        metrics.ShouldContain("ledger_idempotency_requests_total{otel_scope_name=\"Ledger.Api\",outcome=\"executed\"}");
        metrics.ShouldContain("outcome=\"replayed_cache\"");
        metrics.ShouldContain("ledger_writes_batch_size_count");
        // Where a write's time went: the Redis lookup, the wait for a group commit, the commit.
        foreach (var stage in new[] { "cache", "queued", "committing" })
        {
            metrics.ShouldContain($"ledger_writes_stage_duration_seconds_count{{otel_scope_name=\"Ledger.Api\",stage=\"{stage}\"}}");
        }

        metrics.ShouldContain("ledger_projection_lag_milliseconds{otel_scope_name=\"Ledger.Api.Shards\",projection=\"charges\",shard=\"shard1\"}");
        metrics.ShouldContain("ledger_kafka_relay_lag{otel_scope_name=\"Ledger.Api.Shards\",shard=\"shard1\"}");
    }

    [Fact]
    public async Task A_sane_request_id_is_echoed_and_any_other_is_replaced_by_the_trace_id()
    {
        var echoed = await app.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.WithRequestHeader("X-Request-Id", "order-42.retry_1");
        });
        var replaced = await app.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.WithRequestHeader("X-Request-Id", "bad id\" <script>");
        });

        echoed.Context.Response.Headers["X-Request-Id"].ToString().ShouldBe("order-42.retry_1");
        replaced.Context.Response.Headers["X-Request-Id"].ToString().ShouldMatch("^[0-9a-f]{32}$");
    }

    private async Task<string> ScrapeAsync()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/metrics");
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsTextAsync();
    }
}
