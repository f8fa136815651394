using Ledger.Projections.Reconciliation;
using Ledger.Projections.Storage;
using Ledger.Projections.Worker;
using Microsoft.Extensions.Hosting;

// Ledger.Projections: `migrate` applies the schema; `run` (the default) is the worker that builds
// the read models and relays every event to Kafka. Both connect directly to the primary, never
// through PgBouncer. `reconcile` recomputes the books from the events and compares them with the
// read models and Kafka (ops/reconcile). Kafka brokers: env LEDGER_KAFKA_BOOTSTRAP (default 127.0.0.1:9092).
var command = args.FirstOrDefault() ?? "run";
var connection = Environment.GetEnvironmentVariable("LEDGER_DIRECT_CONNECTION")
    ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger;Maximum Pool Size=20";

switch (command)
{
    case "migrate":
        await LedgerStore.MigrateAsync(connection);
        Console.WriteLine($"migrate: schema '{LedgerStore.Schema}' is up to date");
        return 0;
    case "run":
        await WorkerHost.Build(args[1..], connection).RunAsync();
        return 0;
    case "reconcile":
        return await ReconcileCommand.RunAsync(args[1..], connection);
    default:
        await Console.Error.WriteLineAsync("usage: Ledger.Projections [run|migrate|reconcile]   (env LEDGER_DIRECT_CONNECTION)");
        return 2;
}
