using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Alba;

namespace Ledger.Tests.Integration.Idempotency;

/// <summary>
/// Runs a private redis-server (the binary ops/ installs) so it can be stopped without disturbing
/// the other tests, then checks that the API stays correct without it.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private const string Body = """{"amount":777,"currency":"USD","capture":false}""";
    private readonly int _port = FreePort();
    private Process? _redis;
    private IAlbaHost _host = null!;
    private LedgerClient _acme = null!;

    public async Task InitializeAsync()
    {
        StartRedis();
        _host = await LedgerApp.StartHostAsync($"127.0.0.1:{_port}");
        _acme = new LedgerClient(_host, TestEnvironment.AcmeKey);
        await Eventually.HoldsAsync(async () => (await _acme.GetAsync("/health/ready")).Text.Contains("\"redis\":{\"status\":\"healthy\""),
            TimeSpan.FromSeconds(15), "redis became healthy");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        StopRedis();
    }

    [Fact]
    public async Task With_redis_stopped_requests_are_still_correct_and_readiness_says_so()
    {
        var key = LedgerClient.NewKey();
        var first = await _acme.PostAsync("/v1/charges", key, Body);
        first.Status.ShouldBe(201);
        var captureKey = LedgerClient.NewKey();
        var capture = await _acme.PostAsync($"/v1/charges/{first.Id}/capture", captureKey, null);
        capture.Status.ShouldBe(200);

        StopRedis();

        // Deciding the capture again would refuse it (already captured): the stored answer wins.
        var captureAgain = await _acme.PostAsync($"/v1/charges/{first.Id}/capture", captureKey, null);
        captureAgain.Replayed.ShouldBeTrue();
        captureAgain.Body.ShouldBe(capture.Body);

        var replay = await _acme.PostAsync("/v1/charges", key, Body);
        replay.Replayed.ShouldBeTrue();
        replay.Body.ShouldBe(first.Body);
        (await _acme.PostAsync("/v1/charges", key, """{"amount":778,"currency":"USD"}""")).Code.ShouldBe("idempotency_key_reused");

        var fresh = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _acme.PostAsync("/v1/charges", key + "-b", Body)));
        fresh.Select(r => r.Text).Distinct().Count().ShouldBe(1);
        fresh.ShouldAllBe(r => r.Status == 201);
        (await Written.EventsInStream(fresh[0].Json.GetProperty("id").GetString()!)).ShouldBe(1);
        (await Written.EventsInStream(first.Id!)).ShouldBe(2);

        var ready = await _acme.GetAsync("/health/ready");
        ready.Status.ShouldBe(200);
        ready.Json.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString().ShouldBe("degraded");
    }

    private void StartRedis()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("could not start redis-server (./ops/test installs it)");
        _redis.BeginOutputReadLine();
    }

    private void StopRedis()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            _redis.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

}
