namespace Ledger.Projections.Storage;

/// <summary>
/// Settings that price sequential scans, hash joins and merge joins out of every plan. PostgreSQL
/// keeps some plans for the life of a connection: a prepared statement's generic plan after five
/// runs, and the statements inside a PL/pgSQL function (Marten's append) or a foreign-key check.
/// Made while a table was small, such a plan reads the whole table on every run, slower with every
/// row: a daemon poll at a million events took 0.7 s, and on a new database Marten's append went
/// from 0.2 to 2-4 ms until autovacuum analyzed the streams again (docs/performance.md). Every
/// statement we run often has an index to walk. Pricing out is a huge cost added to the plan,
/// which would switch on JIT compilation (about 0.2 s) for the few statements that must scan
/// anyway, such as reading a sequence: JIT is off.
/// </summary>
public static class IndexPlans
{
    private static readonly string[] Off = ["enable_seqscan", "enable_hashjoin", "enable_mergejoin", "jit"];

    /// <summary>For a connection string's Options: the whole session, on a direct connection.</summary>
    public static string StartupOptions { get; } = string.Join(' ', Off.Select(s => $"-c {s}=off"));

    /// <summary>The first statement of a transaction, for the transaction only: PgBouncer passes no startup options.</summary>
    public static string ForTransaction { get; } = "select " + string.Join(", ", Off.Select(s => $"set_config('{s}', 'off', true)"));
}
