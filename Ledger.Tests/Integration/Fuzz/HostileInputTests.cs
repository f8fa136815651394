using System.Globalization;
using CsCheck;

namespace Ledger.Tests.Integration.Fuzz;

/// <summary>
/// Whatever a client sends, the answer is never a 5xx, an error is always problem+json with a
/// stable code, and a refused POST writes nothing (under its key, nothing exists afterwards).
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class HostileInputTests(LedgerApp app)
{
    // Enough to cover every generator branch many times while keeping the suite fast (each body
    // sample is a request plus a database check).
    private const int Iterations = 60;

    private static readonly Gen<string> HostileKey = Gen.OneOf(
        Gen.Const(""), Gen.Const(" "), Gen.Const(new string('k', 256)), Gen.Const("key\twith\ttabs"), Gen.Const("ключ"),
        Gen.Const("key\u202E"), Gen.Char[(char)0x21, (char)0x7E].Array[1, 300].Select(c => new string(c)));

    public static TheoryData<string> WritePaths() => ["/v1/charges", "capture", "void", "refunds", "/v1/payouts"];

    [Theory]
    [MemberData(nameof(WritePaths))]
    public async Task Hostile_bodies_never_get_a_5xx_and_refusals_write_nothing(string path)
    {
        var url = await UrlForAsync(path);
        var bodies = HostileValues.Body(
            ("amount", "1000"), ("currency", "\"USD\""), ("capture", "true"), ("description", "\"d\""),
            ("metadata", "{\"order\":\"42\"}"), ("reason", "\"requested_by_customer\""));

        await bodies.SampleAsync(async body =>
        {
            var key = LedgerClient.NewKey();
            var reply = await app.Acme.PostAsync(url, key, body);
            await ShouldBeAnHonestAnswerAsync(reply, key);
        }, iter: Iterations, threads: 4, print: body => body.Length > 300 ? body[..300] + $"… ({body.Length} chars)" : body);
    }

    [Fact]
    public async Task Hostile_idempotency_keys_and_content_types_never_get_a_5xx()
    {
        var contentTypes = Gen.OneOf(Gen.Const("application/json"), Gen.Const("application/json; charset=latin1"),
            Gen.Const("text/plain"), Gen.Const("application/xml"), Gen.Const("multipart/form-data; boundary=x"));

        await Gen.Select(HostileKey, contentTypes).SampleAsync(async (key, contentType) =>
        {
            var reply = await app.Acme.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""", contentType);
            reply.Status.ShouldBeLessThan(500, reply.Text);
            if (reply.Status != 201)
            {
                reply.ContentType.ShouldBe("application/problem+json");
            }
        }, iter: Iterations * 2, threads: 4);
    }

    [Fact]
    public async Task Hostile_query_strings_ids_and_tokens_never_get_a_5xx()
    {
        var value = Gen.OneOf(HostileValues.Text, HostileValues.Number).Select(Uri.EscapeDataString);
        var paths = Gen.OneOf(
            value.Select(v => $"/v1/charges?limit={v}"),
            value.Select(v => $"/v1/charges?starting_after={v}"),
            value.Select(v => $"/v1/charges?status={v}"),
            value.Select(v => $"/v1/charges?created[gte]={v}&created[lt]={v}"),
            value.Select(v => $"/v1/charges/{v}"),
            value.Select(v => $"/v1/balance/history?limit={v}&starting_after={v}"),
            value.Select(v => $"/v1/dashboard/volume?interval={v}&from={v}&to={v}"));
        var tokens = Gen.OneOf(Gen.Const((string?)null), HostileValues.Text.Select(t => (string?)t),
            Gen.Long[0, long.MaxValue].Select(n => (string?)$"shard1.{n.ToString(CultureInfo.InvariantCulture)}"));

        await Gen.Select(paths, tokens).SampleAsync(async (path, token) =>
        {
            var reply = await app.Acme.GetAsync(path, token is { Length: < 1000 } && token.All(c => c is >= ' ' and <= '~') ? token : null);
            reply.Status.ShouldBeLessThan(500, $"{path}: {reply.Text}");
            if (reply.Status >= 400)
            {
                reply.ContentType.ShouldBe("application/problem+json");
            }
        }, iter: Iterations * 5, threads: 4);
    }

    [Fact]
    public async Task A_token_for_a_write_never_made_is_refused_at_once()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var reply = await app.Acme.GetAsync("/v1/balance", $"shard{TestEnvironment.ShardOf("acme")}.{long.MaxValue}");

        reply.Status.ShouldBe(400);
        reply.Code.ShouldBe("validation_failed");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "a forged token must not hold the request through the waits");
    }

    /// <summary>Follow-ups aim at a real charge of acme's, so their bodies are what gets tested, not a 404.</summary>
    private async Task<string> UrlForAsync(string path) => path.StartsWith('/')
        ? path
        : $"/v1/charges/{await app.Acme.CreateChargeAsync(1_000_000, capture: path != "void")}/{path}";

    private static async Task ShouldBeAnHonestAnswerAsync(Reply reply, string key)
    {
        reply.Status.ShouldBeLessThan(500, reply.Text);
        if (reply.Status >= 400)
        {
            reply.ContentType.ShouldBe("application/problem+json");
            reply.Code.ShouldNotBeNullOrWhiteSpace();
            (await Written.AnythingUnderKey("acme", key)).ShouldBe(0, $"{reply.Status} {reply.Code} but something was written");
        }
    }
}
