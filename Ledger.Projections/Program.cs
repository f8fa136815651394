using Ledger.Projections.Storage;

// Ledger.Projections: `migrate` applies the schema over a direct connection (never through
// PgBouncer: migrations take session advisory locks). The worker host arrives with the read side.
var command = args.FirstOrDefault() ?? "";
var connection = Environment.GetEnvironmentVariable("LEDGER_DIRECT_CONNECTION")
    ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger";

switch (command)
{
    case "migrate":
        await LedgerStore.MigrateAsync(connection);
        Console.WriteLine($"migrate: schema '{LedgerStore.Schema}' is up to date");
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: Ledger.Projections migrate   (env LEDGER_DIRECT_CONNECTION)");
        return 2;
}
