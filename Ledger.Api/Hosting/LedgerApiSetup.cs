using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Charges;
using Ledger.Api.Dashboard.Page;
using Ledger.Api.Docs;
using Ledger.Api.Errors;
using Ledger.Api.Health;
using Ledger.Api.Idempotency;
using Ledger.Api.Observability;
using Ledger.Api.Reads;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using StackExchange.Redis;

namespace Ledger.Api.Hosting;

/// <summary>Wiring of the API process: what it talks to and in which order requests flow.</summary>
public static class LedgerApiSetup
{
    public static void AddLedgerApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectRedis(config.GetConnectionString("Redis") ?? "127.0.0.1:6379"));

        services.AddSingleton(TimeProvider.System);
        var merchants = config.GetSection("Merchants").Get<List<MerchantOptions>>() ?? [];
        services.AddSingleton(new MerchantDirectory(merchants, config.GetSection("Ledger:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions()));
        services.AddKeyRateLimiting();
        builder.AddLedgerTelemetry();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bounded input before any of our code runs: bodies (POSTs are checked again while
            // being fingerprinted), headers and the request line.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = IdempotentRequestMiddleware.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        // Group commit by default; Ledger:Writes:GroupCommit=false gives one transaction per write (to measure against).
        var groupCommit = config.GetValue("Ledger:Writes:GroupCommit", true)
            ? config.GetSection("Ledger:Writes").Get<GroupCommitOptions>() ?? new GroupCommitOptions()
            : null;
        // Charge views kept per node for reads without a token (0 turns it off); 300-500 bytes each.
        var cachedViews = config.GetValue("Ledger:Reads:CachedViews", 100_000);
        services.AddSingleton(sp => new ShardMap(
            config.GetSection("Shards").Get<List<ShardOptions>>() ?? [], merchants, groupCommit, sp.GetRequiredService<ILoggerFactory>(),
            cachedViews));
        services.AddSingleton<SingleFlight<IdempotencyExecutor.Answer>>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<IdempotencyExecutor>();
        services.AddSingleton<ChargeReader>();
        services.AddSingleton<StreamLocks>();
        services.AddSingleton<ChargeOperations>();
        services.AddSingleton<ConsistentReader>();
        services.AddHostedService<WarmUp>();

        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddFastEndpoints();
        // Kafka only for readiness: the API publishes nothing itself (the worker relays committed
        // events from PostgreSQL) and runs no Wolverine agents.
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres")
            .AddCheck<RedisHealthCheck>("redis")
            .AddCheck<KafkaHealthCheck>("kafka");
    }

    public static void UseLedgerApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<CorrelationIds>();
        // FastEndpoints maps GET /_test_url_cache_ (its test helpers' route list) in every build;
        // it lists our endpoint classes to anyone, so it answers 404 like any unknown path.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_test_url_cache_"))
            {
                await ApiProblem.NotFound("No such resource.").ToResponse().WriteAsync(context.Response, context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.UseProblemResponses();
        app.UseLedgerApiDocs();
        app.UseMiddleware<EmptyBodyAsEmptyObject>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<IdempotentRequestMiddleware>();
        app.UseFastEndpoints(c =>
        {
            ApiJson.Configure(c.Serializer.Options);
            c.Errors.ContentType = ApiProblem.ContentType;
            c.Errors.ResponseBuilder = (failures, _, _) => ValidationProblems.From(failures);
            c.Binding.JsonExceptionTransformer = ValidationProblems.FromJson;
        });
        app.MapLedgerHealth();
        app.MapDashboardPage();
        app.UseLedgerTelemetry();
    }

    /// <summary>
    /// Redis is optional at every moment: never block start-up on it, and fail fast (not queue)
    /// while it is away, so a request falls back to PostgreSQL at once.
    /// </summary>
    private static ConnectionMultiplexer ConnectRedis(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 500;
        options.AsyncTimeout = 500;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(options);
    }
}
