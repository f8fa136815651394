namespace Ledger.Load;

/// <summary>Before any load: is the API there at all? A run against nothing would only report connection errors.</summary>
internal static class Preflight
{
    public static async Task<string?> ProblemAsync(Uri url, Version version)
    {
        using var client = new HttpClient
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(5),
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var response = await client.GetAsync("/health/live");
            return response.IsSuccessStatusCode
                ? null
                : $"{url}health/live answered {(int)response.StatusCode}: is the API healthy? (./ops/run)";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"the API at {url} does not answer ({e.Message}): start it with ./ops/run";
        }
    }
}
