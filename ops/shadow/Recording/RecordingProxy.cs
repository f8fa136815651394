using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ledger.Shadow.Cli;
using Ledger.Shadow.Log;

namespace Ledger.Shadow.Recording;

/// <summary>Where the proxy listens and where it forwards to (both checked to be loopback).</summary>
internal sealed record ProxySettings(string ListenHost, int ListenPort, Uri Target, double TimeoutSeconds, bool Quiet)
{
    public string ListenUrl => FormattableString.Invariant(
        $"http://{(ListenHost.Contains(':', StringComparison.Ordinal) && !ListenHost.StartsWith('[') ? $"[{ListenHost}]" : ListenHost)}:{ListenPort}/");
}

/// <summary>
/// The recording reverse proxy (HttpListener: in the base library, enough for loopback traffic).
/// Each request is forwarded to the target as it came; once the answer is complete the exchange
/// goes to <paramref name="onExchange"/> (the log for record, the shadow for mirror), then back
/// to the client unchanged.
/// </summary>
internal sealed class RecordingProxy(ProxySettings options, HttpClient client, Func<Exchange, Task> onExchange)
{
    private long _seq;
    private long _failed;

    public long Recorded => Interlocked.Read(ref _seq);

    public long Failed => Interlocked.Read(ref _failed);

    /// <param name="listening">Called once the port is open (to say so).</param>
    public async Task RunAsync(Action listening, CancellationToken stop)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(options.ListenUrl);
        listener.Start();
        await using var stopping = stop.Register(listener.Stop);
        listening();
        var inFlight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(Task.Run(() => HandleAsync(context)));
        }

        await Task.WhenAll(inFlight);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var seq = Interlocked.Increment(ref _seq);
        var at = DateTimeOffset.UtcNow;
        var incoming = context.Request;
        var path = incoming.RawUrl ?? "/";
        using var buffer = new MemoryStream();
        await incoming.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = Logged(incoming, path, body);

        using var forward = Http.Request(incoming.HttpMethod, Loopback.Combine(options.Target, path), body);
        foreach (var name in incoming.Headers.AllKeys.OfType<string>())
        {
            Http.Add(forward, name, incoming.Headers[name] ?? "");
        }

        var clock = Stopwatch.StartNew();
        Exchange exchange;
        (int Status, List<KeyValuePair<string, string>> Headers, byte[] Body) reply;
        try
        {
            using var answer = await client.SendAsync(forward, HttpCompletionOption.ResponseContentRead);
            var answerBody = await answer.Content.ReadAsByteArrayAsync();
            var elapsed = Math.Round(clock.Elapsed.TotalMilliseconds, 2);
            var headers = Http.Headers(answer);
            var (text, base64) = Bodies.Encode(answerBody);
            exchange = new Exchange(seq, at, request, new LoggedResponse((int)answer.StatusCode, Join(headers), elapsed, text, base64));
            reply = ((int)answer.StatusCode, headers, answerBody);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failed);
            exchange = new Exchange(seq, at, request, null, $"target: {e.Message}");
            reply = (502, [KeyValuePair.Create("Content-Type", "text/plain")],
                Encoding.UTF8.GetBytes($"shadow record: the target {options.Target} did not answer: {e.Message}\n"));
        }

        // Logged (or queued for the shadow) before the client sees the answer: whatever the client
        // sends next because of this answer comes later in the log, and replay keeps log order.
        await onExchange(exchange);
        if (!options.Quiet)
        {
            var outcome = exchange.Response is { } r ? FormattableString.Invariant($"{r.Status} ({r.ElapsedMs:0.#} ms)") : exchange.Error;
            Console.WriteLine(FormattableString.Invariant($"  #{seq} {request} → {outcome}"));
        }

        try
        {
            await RespondAsync(context.Response, reply.Status, reply.Headers, reply.Body);
        }
        catch (HttpListenerException e)
        {
            // The client went away: the exchange still happened at the target and is logged.
            Console.WriteLine($"  #{seq} the client left before the answer: {e.Message}");
        }
    }

    private static LoggedRequest Logged(HttpListenerRequest incoming, string path, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in LoggedRequest.RecordedHeaders)
        {
            if (incoming.Headers[name] is { } value)
            {
                headers[name] = value;
            }
        }

        var (text, base64) = Bodies.Encode(body);
        return new LoggedRequest(incoming.HttpMethod, path, headers, text, base64);
    }

    private static async Task RespondAsync(HttpListenerResponse response, int status, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!Http.HopByHop.Contains(name) && !name.Equals("Date", StringComparison.OrdinalIgnoreCase) && !name.Equals("Server", StringComparison.OrdinalIgnoreCase))
            {
                response.AppendHeader(name, value);
            }
        }

        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static Dictionary<string, string> Join(List<KeyValuePair<string, string>> headers)
    {
        var joined = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            joined[name] = joined.TryGetValue(name, out var before) ? before + ", " + value : value;
        }

        return joined;
    }

    public static string Summary(long recorded, long failed) =>
        string.Create(CultureInfo.InvariantCulture, $"record: {recorded} exchange(s) logged, {failed} without an answer from the target");
}
