using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ledger.Tests.Integration.Receipts;

/// <summary>A merchant's receipt endpoint on loopback, which tests can take down (503), slow down and bring back.</summary>
public sealed class ReceiptInbox
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, JsonElement> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.Ordinal);

    private ReceiptInbox()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/receipts/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public static ReceiptInbox Shared { get; } = new();

    public string Url { get; }

    /// <summary>While true, every delivery gets 503.</summary>
    public volatile bool Down;

    private long _delayMs;

    /// <summary>How long each delivery takes to be answered (requests are served concurrently, like a real receiver).</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromMilliseconds(Interlocked.Read(ref _delayMs));
        set => Interlocked.Exchange(ref _delayMs, (long)value.TotalMilliseconds);
    }

    /// <summary>Receipts delivered, by charge id (the last one per charge and kind).</summary>
    public IReadOnlyList<JsonElement> DeliveredFor(string chargeId) =>
        [.. _delivered.Values.Where(r => r.GetProperty("charge_id").GetString() == chargeId)];

    public int RefusedFor(string chargeId) => _refused.GetValueOrDefault(chargeId);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
        var receipt = body.RootElement.Clone();
        var chargeId = receipt.GetProperty("charge_id").GetString()!;
        await Task.Delay(Delay);
        if (Down)
        {
            _refused.AddOrUpdate(chargeId, 1, (_, n) => n + 1);
            context.Response.StatusCode = 503;
        }
        else
        {
            _delivered[context.Request.Headers["Idempotency-Key"]!] = receipt;
            context.Response.StatusCode = 204;
        }

        context.Response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
