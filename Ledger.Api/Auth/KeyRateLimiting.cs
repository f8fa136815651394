using System.Globalization;
using System.Threading.RateLimiting;
using Ledger.Api.Errors;
using Ledger.Api.Observability;
using Microsoft.AspNetCore.RateLimiting;

namespace Ledger.Api.Auth;

/// <summary>
/// A token bucket per API key, sized by the key's configuration. It runs after authentication
/// and before idempotency, so a refused request has written nothing and can be retried later
/// with the same Idempotency-Key. Unauthenticated requests are refused by authentication alone.
/// </summary>
public static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<ApiKey>() is { } key
                    ? RateLimitPartition.GetTokenBucketLimiter(key.KeyId, _ => Bucket(key.RateLimit))
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = RejectAsync;
        });

    private static TokenBucketRateLimiterOptions Bucket(RateLimitOptions limit)
    {
        // Refilled ten times a second, so a key's rate is smooth rather than a burst every second.
        const int refillsPerSecond = 10;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = Math.Max(1, limit.RequestsPerSecond / refillsPerSecond),
            ReplenishmentPeriod = limit.RequestsPerSecond >= refillsPerSecond
                ? TimeSpan.FromSeconds(1.0 / refillsPerSecond)
                : TimeSpan.FromSeconds(1.0 / Math.Max(1, limit.RequestsPerSecond)),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        LedgerMetrics.RateLimited.Add(1);
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ApiProblem.Of(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests",
                $"This API key is over its request rate; retry after {retryAfter} s (POSTs with the same Idempotency-Key).")
            .ToResponse().WriteAsync(response, ct);
    }
}
