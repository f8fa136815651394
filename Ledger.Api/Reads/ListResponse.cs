namespace Ledger.Api.Reads;

/// <summary>A page of a list, newest first; pass the last item's id as <c>starting_after</c> for the next.</summary>
public sealed record ListResponse<T>(string Object, IReadOnlyList<T> Data, bool HasMore, string Url)
{
    public static ListResponse<T> Page(IReadOnlyList<T> fetched, int limit, string url) =>
        new("list", fetched.Take(limit).ToList(), fetched.Count > limit, url);
}
