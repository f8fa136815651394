using System.Diagnostics;
using System.Text;
using Ledger.Api.Observability;
using Ledger.Projections.Storage;
using StackExchange.Redis;

namespace Ledger.Api.Idempotency;

/// <summary>A stored response with the consistency token (event sequence) that goes with it.</summary>
public sealed record KnownAnswer(StoredResponse Response, long Sequence);

/// <summary>
/// Redis copy of stored responses, so replays skip PostgreSQL. A cache only: any Redis failure
/// reads as a miss and a failed write is dropped; the event store stays the source of truth.
/// </summary>
public sealed class ResponseCache(IConnectionMultiplexer redis, ILogger<ResponseCache> logger)
{
    /// <summary>The contract keeps results at least 24 h in Redis.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromHours(48);

    public async Task<KnownAnswer?> GetAsync(string recordId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(recordId));
            LedgerMetrics.WriteStage("cache", started);
            return value.IsNull ? null : Decode(recordId, (byte[])value!);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "redis read failed; falling back to PostgreSQL");
            return null;
        }
    }

    public async Task SetAsync(KnownAnswer answer)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(answer.Response.Id), Encode(answer), TimeToLive, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "redis write failed; the response stays in PostgreSQL only");
        }
    }

    private static RedisKey Key(string recordId) => $"ledger:idem:v2:{recordId}";

    // merchant \n fingerprint \n status \n created (unix ms) \n sequence \n body — the body is last and may hold newlines.
    private static byte[] Encode(KnownAnswer a) => Encoding.UTF8.GetBytes(string.Join('\n',
        a.Response.MerchantId, a.Response.Fingerprint, a.Response.StatusCode, a.Response.CreatedAt.ToUnixTimeMilliseconds(), a.Sequence,
        a.Response.Body));

    private static KnownAnswer? Decode(string recordId, byte[] value)
    {
        var parts = Encoding.UTF8.GetString(value).Split('\n', 6);
        if (parts.Length != 6 || !int.TryParse(parts[2], out var status) || !long.TryParse(parts[3], out var created)
            || !long.TryParse(parts[4], out var sequence))
        {
            return null;
        }

        return new KnownAnswer(new StoredResponse
        {
            Id = recordId,
            MerchantId = parts[0],
            Fingerprint = parts[1],
            StatusCode = status,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created),
            Body = parts[5],
        }, sequence);
    }
}
