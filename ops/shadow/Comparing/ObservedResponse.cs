namespace Ledger.Shadow.Comparing;

/// <summary>An answer as the comparison sees it: status, headers (a repeated header joined with ", ") and body bytes.</summary>
internal sealed record ObservedResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public static ObservedResponse Of(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))], System.Text.Encoding.UTF8.GetBytes(body));
}
