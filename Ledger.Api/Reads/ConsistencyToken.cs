using System.Globalization;

namespace Ledger.Api.Reads;

/// <summary>
/// What a write hands back so a later read can see it: the shard it was written to and the highest
/// global event sequence it committed there. A read model has seen the write once its projection's
/// progress on that shard (mt_event_progression, replicated with the documents it guards) reaches
/// the sequence. Opaque to clients: "{shard}.{sequence}".
/// </summary>
public static class ConsistencyToken
{
    private const int MaxLength = 64;

    public static string Format(string shardId, long sequence) => $"{shardId}.{sequence.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? token, out string shardId, out long sequence)
    {
        shardId = "";
        sequence = 0;
        var dot = token?.LastIndexOf('.') ?? -1;
        if (token is null || token.Length > MaxLength || dot < 1
            || !long.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        shardId = token[..dot];
        return true;
    }
}
