using System.Text.Json;
using Confluent.Kafka;
using Ledger.Api.Sharding;
using Ledger.Projections.Worker;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace Ledger.Api.Health;

/// <summary>Every shard's primary (through its PgBouncer) is required: without it its merchants can't write.</summary>
public sealed class PostgresHealthCheck(ShardMap shards) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var down = new List<string>();
        foreach (var shard in shards.All)
        {
            try
            {
                await using var command = shard.Primary.CreateCommand("select 1");
                await command.ExecuteScalarAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                down.Add(shard.Id);
            }
        }

        return down.Count == 0
            ? HealthCheckResult.Healthy($"{shards.All.Count} shard(s)")
            : HealthCheckResult.Unhealthy($"PostgreSQL unreachable on {string.Join(", ", down)}");
    }
}

/// <summary>Redis is only a cache: without it the API is slower but still correct, so this degrades.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis is unreachable: idempotency answers come from PostgreSQL", e);
        }
    }
}

/// <summary>
/// Kafka only receives copies: events wait in PostgreSQL (the worker's outbox) while it is away,
/// so an unreachable broker degrades readiness rather than failing it. A Metadata request is the
/// cheapest real answer a broker gives (the local mock has no cluster-describing admin calls).
/// </summary>
/// <remarks>
/// A client per check, not a resident one: an idle librdkafka client keeps several threads waking
/// up, which cost the API about 8% of its CPU under load, for an endpoint called a few times a minute.
/// </remarks>
public sealed class KafkaHealthCheck(IConfiguration config, ILogger<KafkaHealthCheck> logger) : IHealthCheck
{
    public const string Topic = "ledger.events";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        // GetMetadata blocks up to the timeout, and so does closing the client: keep both off the request thread.
        Task.Run(() =>
        {
            using var admin = CreateAdminClient(config[WorkerHost.KafkaBootstrapKey] ?? WorkerHost.DefaultKafkaBootstrap, logger);
            try
            {
                var topic = admin.GetMetadata(Topic, Timeout).Topics.SingleOrDefault(t => t.Topic == Topic);
                return topic is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 }
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Degraded($"Kafka answers but has no topic {Topic}: {topic?.Error.Reason}");
            }
            catch (KafkaException e)
            {
                return HealthCheckResult.Degraded("Kafka is unreachable: events wait in PostgreSQL for the relay", e);
            }
        }, ct);

    private static IAdminClient CreateAdminClient(string bootstrapServers, ILogger logger) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, SocketTimeoutMs = 1000 })
            // librdkafka reports every failed connect while the broker is down; readiness already says so.
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => logger.LogDebug("librdkafka error: {Reason}", e.Reason))
            .Build();
}

public static class HealthEndpoints
{
    public static void MapLedgerHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = WriteReport });
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), detail = e.Value.Description }),
        }));
    }
}
