using System.Diagnostics;
using Ledger.Shadow.Cli;
using Ledger.Shadow.Comparing;
using Ledger.Shadow.Log;

namespace Ledger.Shadow.Replaying;

/// <summary>What one side answered, or why it did not; the time is to the last body byte.</summary>
internal sealed record SideAnswer(ObservedResponse? Response, string? Error, double ElapsedMs)
{
    public static SideAnswer FromLog(Exchange exchange) => exchange.Response is { } r
        ? new(new ObservedResponse(r.Status, [.. r.Headers], r.BodyBytes()), null, r.ElapsedMs)
        : new(null, $"not recorded ({exchange.Error ?? "no answer in the log"})", 0);

    public string? Header(string name) =>
        Response?.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>One system under comparison: a base URL and its own client.</summary>
internal sealed class Side(string name, Uri baseUrl, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _client = Http.Client(timeout);

    public string Name { get; } = name;

    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>Sends the logged request; never throws for a transport failure, it names it.</summary>
    /// <param name="consistencyToken">This side's own token for the write the logged token named, if known.</param>
    public async Task<SideAnswer> SendAsync(LoggedRequest request, string? consistencyToken)
    {
        using var message = Http.Request(request.Method, Loopback.Combine(BaseUrl, request.Path), request.BodyBytes());
        foreach (var (header, value) in request.Headers)
        {
            Http.Add(message, header, header.Equals(Replayer.ConsistencyTokenHeader, StringComparison.OrdinalIgnoreCase) ? consistencyToken ?? value : value);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var answer = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
            var body = await answer.Content.ReadAsByteArrayAsync();
            return new SideAnswer(new ObservedResponse((int)answer.StatusCode, Http.Headers(answer), body), null, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new SideAnswer(null, e is TaskCanceledException ? "timed out" : e.Message, clock.Elapsed.TotalMilliseconds);
        }
    }

    public void Dispose() => _client.Dispose();
}
