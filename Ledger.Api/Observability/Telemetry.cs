using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ledger.Api.Observability;

/// <summary>
/// OpenTelemetry: metrics scraped at <c>/metrics</c> (Prometheus text), traces of requests and
/// PostgreSQL commands exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and
/// structured JSON logs (with trace and correlation ids in their scopes) unless asked otherwise.
/// </summary>
public static class Telemetry
{
    public static void AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Logging:Json", true))
        {
            // The console logger writes JSON; other providers (tests add their own) stay as they are.
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        }

        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddSingleton<ShardGauges>();
        if (!builder.Configuration.GetValue("Ledger:Metrics", true))
        {
            return; // to measure what metrics cost: Ledger__Metrics=false
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ledger-api"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(LedgerMetrics.MeterName, LedgerMetrics.MeterName + ".Shards")
                .AddPrometheusExporter());

        // Spans cost CPU on every request and command: record them only when they go somewhere.
        if (!string.IsNullOrEmpty(otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddNpgsql()
                .AddSource(LedgerMetrics.MeterName)
                .AddOtlpExporter());
        }

    }

    public static void UseLedgerTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue("Ledger:Metrics", true))
        {
            // Gauges register when first resolved.
            app.Services.GetRequiredService<ShardGauges>();
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
    }
}
