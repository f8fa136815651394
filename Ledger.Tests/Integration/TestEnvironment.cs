namespace Ledger.Tests.Integration;

/// <summary>
/// Where the real services of ./ops/test live. Tests use their own database (ledger_test) on the
/// same PostgreSQL, PgBouncer and Redis that ops/ starts; override with environment variables.
/// </summary>
public static class TestEnvironment
{
    public static string ThroughPgBouncer { get; } = Env("LEDGER_TEST_CONNECTION",
        "Host=127.0.0.1;Port=6432;Database=ledger_test;Username=ledger;Password=ledger;No Reset On Close=true;Max Auto Prepare=0;Maximum Pool Size=100");

    /// <summary>Reads: the replica first, the primary (through PgBouncer) when the replica is down.</summary>
    public static string ReplicaFirst { get; } = Env("LEDGER_TEST_READ_CONNECTION",
        "Host=127.0.0.1:5433,127.0.0.1:6432;Database=ledger_test;Username=ledger;Password=ledger;No Reset On Close=true;Max Auto Prepare=0;Maximum Pool Size=100;Host Recheck Seconds=1");

    /// <summary>Straight to the primary: for migrations and for checking what was written.</summary>
    public static string Direct { get; } = Env("LEDGER_TEST_DIRECT_CONNECTION",
        "Host=127.0.0.1;Port=5432;Database=ledger_test;Username=ledger;Password=ledger");

    public static string Redis { get; } = Env("LEDGER_TEST_REDIS", "127.0.0.1:6379");

    /// <summary>The Kafka broker ops/ starts (librdkafka's mock cluster, topic ledger.events).</summary>
    public static string Kafka { get; } = Env("LEDGER_TEST_KAFKA", "127.0.0.1:9092");

    public const string AcmeKey = "sk_test_acme";
    public const string GlobexKey = "sk_test_globex";

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
