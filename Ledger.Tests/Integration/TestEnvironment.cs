using System.Globalization;

namespace Ledger.Tests.Integration;

/// <summary>
/// Where the real services of ./ops/test live. Tests use their own database (ledger_test) on the
/// shards ops/ starts: shard k is PostgreSQL on 5432+10(k-1), its replica on the next port and its
/// PgBouncer on 6432+10(k-1). LEDGER_TEST_SHARDS=2 runs the suite with globex on the second shard
/// (as ops/run --shards 2 does); LEDGER_TEST_DATABASE picks another database.
/// </summary>
public static class TestEnvironment
{
    public static string Database { get; } = Env("LEDGER_TEST_DATABASE", "ledger_test");

    public static int Shards { get; } = int.Parse(Env("LEDGER_TEST_SHARDS", "1"), CultureInfo.InvariantCulture);

    public static string Redis { get; } = Env("LEDGER_TEST_REDIS", "127.0.0.1:6379");

    /// <summary>The Kafka broker ops/ starts (librdkafka's mock cluster, topic ledger.events).</summary>
    public static string Kafka { get; } = Env("LEDGER_TEST_KAFKA", "127.0.0.1:9092");

    public const string AcmeKey = "sk_test_acme";
    public const string GlobexKey = "sk_test_globex";

    public static IEnumerable<int> AllShards => Enumerable.Range(1, Shards);

    /// <summary>acme lives on the first shard, globex on the last (the same map ops/ configures).</summary>
    public static int ShardOf(string merchantId) => merchantId == "globex" ? Shards : 1;

    /// <summary>Straight to a shard's primary: for migrations and for checking what was written.</summary>
    public static string Direct(int shard = 1) =>
        $"Host=127.0.0.1;Port={5432 + (10 * (shard - 1))};Database={Database};Username=ledger;Password=ledger";

    public static string ThroughPgBouncer(int shard = 1) =>
        $"Host=127.0.0.1;Port={6432 + (10 * (shard - 1))};Database={Database};Username=ledger;Password=ledger;No Reset On Close=true;Max Auto Prepare=0;Maximum Pool Size=100";

    /// <summary>Reads: the replica, directly (the API falls back to the write side while it is down).</summary>
    public static string Replica(int shard = 1) =>
        $"Host=127.0.0.1;Port={5433 + (10 * (shard - 1))};Database={Database};Username=ledger;Password=ledger;No Reset On Close=true;Maximum Pool Size=100;Host Recheck Seconds=1";

    /// <summary>The API's shard map and merchant placement, as configuration.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ShardSettings() =>
        AllShards.SelectMany(k => new Dictionary<string, string?>
        {
            [$"Shards:{k - 1}:Id"] = $"shard{k}",
            [$"Shards:{k - 1}:Write"] = ThroughPgBouncer(k),
            [$"Shards:{k - 1}:Read"] = Replica(k),
        })
        .Append(new("Merchants:0:Shard", $"shard{ShardOf("acme")}"))
        .Append(new("Merchants:1:Shard", $"shard{ShardOf("globex")}"));

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
