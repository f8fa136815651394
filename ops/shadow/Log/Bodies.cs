using System.Text;

namespace Ledger.Shadow.Log;

/// <summary>
/// Bodies in the log: readable text when they are valid UTF-8 (which round-trips byte for byte),
/// base64 otherwise; an empty body is stored as neither.
/// </summary>
internal static class Bodies
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (string? Text, string? Base64) Encode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, null);
        }

        try
        {
            return (Strict.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Convert.ToBase64String(bytes));
        }
    }

    public static byte[] Decode(string? text, string? base64) =>
        text is not null ? Strict.GetBytes(text) : base64 is not null ? Convert.FromBase64String(base64) : [];
}
