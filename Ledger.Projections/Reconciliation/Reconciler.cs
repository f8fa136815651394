using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Domain.Postings;
using Ledger.Projections.Balances;
using Ledger.Projections.Charges;
using Ledger.Projections.Kafka;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Projections.Reconciliation;

/// <summary>
/// Recomputes one shard's books from its events and compares them with what the read models and
/// Kafka say. Events are read up to the high-water mark taken at the start; read models that
/// moved past it during the run are left out of the comparison (and counted), not reported.
/// </summary>
public sealed class Reconciler(string directConnection, string? kafkaBootstrap, TextWriter log)
{
    private const int Page = 5_000;

    /// <param name="kafkaSince">only events committed at or after this are looked for on Kafka (the local broker keeps nothing across restarts)</param>
    public async Task<ReconciliationReport> RunAsync(DateTimeOffset? kafkaSince, TimeSpan catchUp, CancellationToken ct)
    {
        var report = new ReconciliationReport();
        await using var store = DocumentStore.For(opts =>
        {
            LedgerStore.Configure(opts);
            opts.Connection(directConnection);
        });
        await using var session = store.QuerySession();

        var highWater = await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerStore.Schema}.mt_events", ct);
        var cutoff = highWater.Single();
        await WaitForProjectionsAsync(report, cutoff, catchUp, ct);

        var ledger = new EventLedger();
        var kafkaExpected = new Dictionary<Guid, long>();
        for (long after = 0; after < cutoff;)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.Sequence <= cutoff)
                .OrderBy(e => e.Sequence).Take(Page).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var e in page)
            {
                if (e.Data is ILedgerEvent ledgerEvent)
                {
                    ledger.Add(e.StreamKey!, ledgerEvent);
                    if (kafkaSince is null || e.Timestamp >= kafkaSince)
                    {
                        kafkaExpected[e.Id] = e.Sequence;
                    }
                }
            }

            after = page[^1].Sequence;
        }

        log.WriteLine($"reconcile: {ledger.Events} events up to sequence {cutoff}, {ledger.Charges.Count} charges");
        CheckPostingsBalance(report, ledger);
        await CheckBalancesAsync(report, session, ledger, cutoff, ct);
        await CheckChargesAsync(report, session, ledger, ct);
        if (kafkaBootstrap is not null)
        {
            CheckKafka(report, kafkaExpected, ct);
        }

        return report;
    }

    private async Task WaitForProjectionsAsync(ReconciliationReport report, long cutoff, TimeSpan catchUp, CancellationToken ct)
    {
        string[] names = [.. ProjectionNames.ProgressionRows, ProjectionNames.ProgressionRow(KafkaRelay.SubscriptionName)];
        var deadline = DateTime.UtcNow + catchUp;
        await using var connection = new NpgsqlConnection(directConnection);
        await connection.OpenAsync(ct);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"select name, last_seq_id from {LedgerStore.Schema}.mt_event_progression where name = any($1)", connection);
            command.Parameters.AddWithValue(names);
            var behind = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await using (var row = await command.ExecuteReaderAsync(ct))
            {
                while (await row.ReadAsync(ct))
                {
                    seen.Add(row.GetString(0));
                    if (row.GetInt64(1) < cutoff)
                    {
                        behind.Add($"{row.GetString(0)} at {row.GetInt64(1)}");
                    }
                }
            }

            behind.AddRange(names.Where(n => !seen.Contains(n) && cutoff > 0).Select(n => $"{n} never ran"));
            if (behind.Count == 0)
            {
                report.Pass($"projections and the Kafka relay have reached sequence {cutoff}");
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                report.Differ($"after {catchUp.TotalSeconds:0} s these are still behind sequence {cutoff}: {string.Join(", ", behind)} (is the worker running?)");
                return;
            }

            await Task.Delay(250, ct);
        }
    }

    private static void CheckPostingsBalance(ReconciliationReport report, EventLedger ledger)
    {
        foreach (var (currency, (debits, credits)) in ledger.TotalsByCurrency.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (debits == credits)
            {
                report.Pass($"postings balance in {currency}: debits = credits = {debits}");
            }
            else
            {
                report.Differ($"postings in {currency} do not balance: debits {debits}, credits {credits} (off by {debits - credits})");
            }
        }
    }

    private static async Task CheckBalancesAsync(
        ReconciliationReport report, IQuerySession session, EventLedger ledger, long cutoff, CancellationToken ct)
    {
        var views = (await session.Query<MerchantBalance>().ToListAsync(ct)).ToDictionary(b => b.Id, StringComparer.Ordinal);
        var expected = ledger.NetByAccount
            .Select(n => (Merchant: n.Key.Account.Split(':')[1], n.Key.Currency))
            .Distinct()
            .ToList();
        int matched = 0, movedOn = 0;
        foreach (var (merchant, currency) in expected)
        {
            var pending = ledger.NetByAccount.GetValueOrDefault((Accounts.MerchantPending(merchant), currency));
            var available = ledger.NetByAccount.GetValueOrDefault((Accounts.MerchantAvailable(merchant), currency));
            if (!views.Remove(MerchantBalance.IdFor(merchant, currency), out var view))
            {
                report.Differ($"balance {merchant} {currency}: the events give pending {pending}, available {available}; the read model has no row");
            }
            else if (view.LastSequence > cutoff)
            {
                movedOn++;
            }
            else if (view.Pending != pending || view.Available != available)
            {
                report.Differ($"balance {merchant} {currency}: events give pending {pending}, available {available}; " +
                    $"read model has pending {view.Pending}, available {view.Available}");
            }
            else
            {
                matched++;
            }
        }

        foreach (var extra in views.Values.Where(v => v.LastSequence <= cutoff))
        {
            report.Differ($"balance {extra.MerchantId} {extra.Currency}: in the read model (pending {extra.Pending}, available {extra.Available}) but no event posts to it");
        }

        report.Pass($"balances: {matched} (merchant, currency) rows equal the postings" + (movedOn > 0 ? $"; {movedOn} moved on during the run, not compared" : ""));
    }

    private async Task<Dictionary<string, long>> ChargeStreamVersionsAsync(CancellationToken ct)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(directConnection);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select id, version from {LedgerStore.Schema}.mt_streams where type = 'charge'", connection);
        await using var row = await command.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
        {
            versions[row.GetString(0)] = row.GetInt64(1);
        }

        return versions;
    }

    private async Task CheckChargesAsync(ReconciliationReport report, IQuerySession session, EventLedger ledger, CancellationToken ct)
    {
        var versions = await ChargeStreamVersionsAsync(ct);
        int matched = 0, movedOn = 0;
        foreach (var page in ledger.Charges.Keys.Chunk(Page))
        {
            var views = (await ChargeViews.LoadManyAsync(session, page, ct)).ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var id in page)
            {
                if (versions.GetValueOrDefault(id) != ledger.EventsByStream[id])
                {
                    movedOn++;
                    continue;
                }

                var folded = ledger.Charges[id];
                if (!views.TryGetValue(id, out var view))
                {
                    report.Differ($"charge {id}: the events give a {Describe(folded)} charge; the read model has none");
                }
                else if (Describe(view) != Describe(folded))
                {
                    report.Differ($"charge {id}: events give {Describe(folded)}; read model has {Describe(view)}");
                }
                else
                {
                    matched++;
                }
            }
        }

        report.Pass($"charges: {matched} read-model charges equal their re-folded streams" + (movedOn > 0 ? $"; {movedOn} moved on during the run, not compared" : ""));
    }

    private void CheckKafka(ReconciliationReport report, Dictionary<Guid, long> expected, CancellationToken ct)
    {
        var seen = TopicEventIds.ReadAll(kafkaBootstrap!, log, ct);
        var missing = expected.Where(e => !seen.Contains(e.Key)).OrderBy(e => e.Value).ToList();
        foreach (var (id, sequence) in missing)
        {
            report.Differ($"event {id} (sequence {sequence}) is not on Kafka topic {LedgerEventProducer.Topic}");
        }

        if (missing.Count == 0)
        {
            report.Pass($"kafka: all {expected.Count} events checked are on {LedgerEventProducer.Topic} ({seen.Count} distinct event ids read)");
        }
    }

    private static string Describe(Charge c) =>
        $"{c.Status.ToString().ToLowerInvariant()} {c.Amount.Minor} {c.Amount.Currency}, captured {c.Captured.Minor}, " +
        $"refunded {c.Refunded.Minor} in [{string.Join(",", c.Refunds.Select(r => $"{r.Id}:{r.Amount.Minor}"))}]";
}
