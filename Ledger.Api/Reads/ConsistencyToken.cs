using System.Globalization;

namespace Ledger.Api.Reads;

/// <summary>
/// What a write hands back so a later read can see it: the highest global event sequence the write
/// committed. A read model has seen the write once its projection's progress (mt_event_progression,
/// replicated with the documents it guards) reaches that sequence. Opaque to clients: "s{sequence}".
/// </summary>
public static class ConsistencyToken
{
    private const string Prefix = "s";

    public static string Format(long sequence) => Prefix + sequence.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? token, out long sequence)
    {
        sequence = 0;
        return token is { Length: > 1 and < 24 }
            && token.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(token.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
