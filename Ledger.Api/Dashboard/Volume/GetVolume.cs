using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Projections.Storage;
using Ledger.Projections.Volume;
using Marten;

namespace Ledger.Api.Dashboard.Volume;

public sealed record VolumeResponse(DateTime Start, string Currency, long Count, long Gross, long Refunded, long Net);

public sealed record VolumeListResponse(string Object, VolumeInterval Interval, DateTime From, DateTime To, IReadOnlyList<VolumeResponse> Data);

/// <summary>
/// GET /v1/dashboard/volume?interval=hour|day&amp;from=&amp;to=: captured, refunded and net volume per
/// UTC bucket and currency. Defaults: the last 24 hours by hour, or the last 30 days by day.
/// </summary>
public sealed class GetVolumeEndpoint(ConsistentReader reader, TimeProvider clock) : EndpointWithoutRequest
{
    private const int MaxBuckets = 1000;

    public override void Configure() => Get("/v1/dashboard/volume");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var query = new QueryParameters(HttpContext.Request.Query);
        var interval = query.Enum<VolumeInterval>("interval") ?? VolumeInterval.Hour;
        var step = interval == VolumeInterval.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var to = query.Time("to") ?? clock.GetUtcNow();
        var from = query.Time("from") ?? to - step * (interval == VolumeInterval.Hour ? 24 : 30);
        if (from >= to)
        {
            query.Fail("from", "must be before to");
        }
        else if ((to - from) / step > MaxBuckets)
        {
            query.Fail("from", $"at most {MaxBuckets} buckets per request");
        }

        var merchantId = User.MerchantId();
        var response = query.Problem?.ToResponse() ?? await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Volume, async session =>
        {
            var start = VolumeBucket.StartOf(interval, from);
            var buckets = await session.Query<VolumeBucket>()
                .Where(b => b.MerchantId == merchantId && b.Interval == interval && b.Start >= start && b.Start < to)
                .OrderBy(b => b.Start).ThenBy(b => b.Currency)
                .ToListAsync(ct);
            var body = new VolumeListResponse("list", interval, start.UtcDateTime, to.UtcDateTime,
                [.. buckets.Select(b => new VolumeResponse(b.Start.UtcDateTime, b.Currency, b.Count, b.Gross, b.Refunded, b.Net))]);
            return new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(body), "application/json");
        }, ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
