using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Receipts;

/// <summary>
/// Retries receipts whose first delivery failed, with exponential back-off until
/// <see cref="ReceiptOptions.MaxAttempts"/>, then marks them failed for an operator. One
/// dispatcher per database sends (an advisory lock, like the daemon's HotCold); a standby worker
/// waits. It runs beside the daemon, so a dead receiver slows receipts and nothing else.
/// </summary>
public sealed class ReceiptDispatcher(
    IDocumentStore store, NpgsqlDataSource direct, ReceiptSender sender, TimeProvider clock, ILogger<ReceiptDispatcher> logger)
    : BackgroundService
{
    private const long LockId = 0x1ed9e7_5ec3_1975;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);

    /// <summary>Receipts read per poll: enough to keep the sender's concurrent sends busy a few rounds.</summary>
    private const int PageSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var leader = await direct.OpenConnectionAsync(stoppingToken);
                await using var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({LockId})", leader);
                if ((bool)(await tryLock.ExecuteScalarAsync(stoppingToken))!)
                {
                    // The lock lives as long as this connection: lose it (database restart), lose the lead.
                    while (!stoppingToken.IsCancellationRequested && leader.State == System.Data.ConnectionState.Open)
                    {
                        if (await SendDueAsync(stoppingToken) == 0)
                        {
                            await Task.Delay(Idle, stoppingToken);
                        }
                    }
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong (a database restart surfaces as Marten's or Npgsql's
                // exceptions), receipts wait and try again: a failing background service would stop
                // the whole worker, read models and Kafka relay included (the host's default).
                logger.LogWarning(e, "receipts: dispatching failed, retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Sends what is due now (at most a page, several at a time), records each outcome; returns how many it tried.</summary>
    private async Task<int> SendDueAsync(CancellationToken ct)
    {
        var due = await ReceiptTable.DueAsync(direct, clock.GetUtcNow(), PageSize, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        await sender.SendAsync(due, ct);
        await using var session = store.LightweightSession();
        ReceiptTable.Queue(session, due);
        await session.SaveChangesAsync(ct);
        return due.Count;
    }
}
