using System.Security.Cryptography;
using System.Text;

namespace Ledger.Api.Idempotency;

/// <summary>The Idempotency-Key header: what a valid one is, and the id it maps to.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lowercase

    /// <summary>1–255 printable ASCII characters.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// The id under which a request's effects are stored: SHA-256 of merchant and key, so the same
    /// key used by two merchants names two things, and ids never leak or embed the key itself.
    /// 26 base32 characters = 130 bits.
    /// </summary>
    public static string RecordId(string merchantId, string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{merchantId}\n{key}"), hash);
        return Base32(hash[..17])[..26];
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
