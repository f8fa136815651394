namespace Ledger.Tests.Integration.Validation;

/// <summary>Bad input gets a 400 problem with a stable code, and writes nothing.</summary>
[Collection(nameof(LedgerAppCollection))]
public class BadInputTests(LedgerApp app)
{
    public static TheoryData<string, string> BadChargeBodies() => new()
    {
        { "malformed JSON", """{"amount":1000,"currency":"USD" """ },
        { "not an object", """[1000,"USD"]""" },
        { "JSON null", "null" },
        { "amount as string", """{"amount":"1000","currency":"USD"}""" },
        { "amount as fraction", """{"amount":10.5,"currency":"USD"}""" },
        { "amount missing", """{"currency":"USD"}""" },
        { "amount null", """{"amount":null,"currency":"USD"}""" },
        { "amount zero", """{"amount":0,"currency":"USD"}""" },
        { "amount negative", """{"amount":-1,"currency":"USD"}""" },
        { "amount above the maximum", """{"amount":100000000000,"currency":"USD"}""" },
        { "amount overflows a long", """{"amount":9223372036854775808,"currency":"USD"}""" },
        { "amount in exponent form", """{"amount":1e30,"currency":"USD"}""" },
        { "unknown currency", """{"amount":1000,"currency":"XYZ"}""" },
        { "lowercase currency", """{"amount":1000,"currency":"usd"}""" },
        { "currency as number", """{"amount":1000,"currency":840}""" },
        { "capture as string", """{"amount":1000,"currency":"USD","capture":"yes"}""" },
        { "unknown field", """{"amount":1000,"currency":"USD","amuont":5}""" },
        { "duplicate field", """{"amount":1,"amount":1000,"currency":"USD"}""" },
        { "metadata not strings", """{"amount":1000,"currency":"USD","metadata":{"a":1}}""" },
        { "metadata null value", """{"amount":1000,"currency":"USD","metadata":{"a":null}}""" },
        { "metadata key too long", $$$"""{"amount":1000,"currency":"USD","metadata":{"{{{new string('k', 41)}}}":"v"}}""" },
        { "description too long", $$"""{"amount":1000,"currency":"USD","description":"{{new string('d', 1001)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(BadChargeBodies))]
    public async Task A_bad_charge_body_is_a_400_problem_and_writes_nothing(string name, string body)
    {
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync("/v1/charges", key, body);

        reply.Status.ShouldBe(400, $"{name}: {reply.Text}");
        reply.ContentType.ShouldBe("application/problem+json");
        reply.Code.ShouldBe("validation_failed");
        reply.Json.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Theory]
    [InlineData("capture", """{"amount":-5}""")]
    [InlineData("capture", """{"amount":"all"}""")]
    [InlineData("refunds", """{"amount":0}""")]
    [InlineData("refunds", """{"amount":99999999999999999999}""")]
    [InlineData("void", """{"reason":"bored"}""")]
    [InlineData("void", """{"extra":true}""")]
    public async Task A_bad_follow_up_body_is_a_400_problem_and_writes_nothing(string operation, string body)
    {
        var id = await app.Acme.CreateChargeAsync(capture: operation == "refunds");
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync($"/v1/charges/{id}/{operation}", key, body);

        reply.Status.ShouldBe(400, reply.Text);
        reply.Code.ShouldBe("validation_failed");
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    public static TheoryData<string?> BadKeys() => new()
    {
        null,
        new string('k', 256),
        "tab\there",
        "ünïcode",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_missing_or_malformed_idempotency_key_is_a_400_problem(string? key)
    {
        var reply = await app.Acme.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""");

        reply.Status.ShouldBe(400);
        reply.ContentType.ShouldBe("application/problem+json");
        reply.Code.ShouldBe("idempotency_key_invalid");
    }

    [Fact]
    public async Task The_longest_allowed_key_is_accepted()
    {
        var key = LedgerClient.NewKey().PadRight(255, '~');

        (await app.Acme.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""")).Status.ShouldBe(201);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_a_413_problem()
    {
        var key = LedgerClient.NewKey();
        var body = $$"""{"amount":1000,"currency":"USD","description":"{{new string('x', 70_000)}}"}""";

        var reply = await app.Acme.PostAsync("/v1/charges", key, body);

        reply.Status.ShouldBe(413);
        reply.Code.ShouldBe("payload_too_large");
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_whole_and_over_64_KiB_is_a_413_problem()
    {
        var key = LedgerClient.NewKey();
        const string charge = """{"amount":1000,"currency":"USD","description":"sent in chunks"}""";
        var tooLarge = $$"""{"amount":1000,"currency":"USD","description":"{{new string('x', 70_000)}}"}""";

        var created = await app.Acme.PostAsync("/v1/charges", key, charge, lengthUnknown: true);
        // The same bytes with a Content-Length: the same fingerprint, so the stored answer comes back.
        var again = await app.Acme.PostAsync("/v1/charges", key, charge);
        var refusedKey = LedgerClient.NewKey();
        var refused = await app.Acme.PostAsync("/v1/charges", refusedKey, tooLarge, lengthUnknown: true);

        created.Status.ShouldBe(201, created.Text);
        again.Replayed.ShouldBeTrue();
        again.Body.ShouldBe(created.Body);
        refused.Status.ShouldBe(413);
        refused.Code.ShouldBe("payload_too_large");
        (await Written.AnythingUnderKey("acme", refusedKey)).ShouldBe(0);
    }

    [Fact]
    public async Task A_non_json_body_is_refused_with_a_problem()
    {
        var reply = await app.Acme.PostAsync("/v1/charges", LedgerClient.NewKey(), "amount=1000", "application/x-www-form-urlencoded");

        reply.Status.ShouldBe(415);
        reply.ContentType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/v1/charges/ch_0000000000000000000000000")]
    [InlineData("/v1/charges/not-a-charge")]
    [InlineData("/v1/charges/re_0000000000000000000000000")]
    public async Task Unknown_charges_are_404_problems(string path)
    {
        var reply = await app.Acme.GetAsync(path);

        reply.Status.ShouldBe(404);
        reply.Code.ShouldBe("not_found");
    }
}
