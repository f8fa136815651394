using System.Diagnostics;
using Npgsql;

namespace Ledger.Load.Lag;

/// <summary>One look at the primary: how far the async projections are behind the event log.</summary>
/// <param name="T">Seconds since the measured phase began (negative in warm-up).</param>
internal sealed record LagSample(double T, long Events, double Ms);

/// <summary>
/// Every 250 ms, over a direct connection to the primary: the newest event's sequence against the
/// slowest projection's progress (lag in events), and the age of the oldest event that projection
/// has not applied yet (lag in ms). The event's timestamp is taken when the API appends it, so the
/// ms include the write's own commit.
/// </summary>
internal sealed class LagSampler(NpgsqlDataSource primary, long measureFrom)
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    // The read models a consistent read may wait for; the Kafka relay is not one of them.
    private static readonly string[] Projections = ["charges:All", "balances:All", "volume:All"];

    private const string Sql = """
        with progress as (
            select min(last_seq_id) as done, count(*) as known
            from ledger.mt_event_progression where name = any($1))
        select coalesce((select max(seq_id) from ledger.mt_events), 0),
               case when progress.known < cardinality($1) then 0 else coalesce(progress.done, 0) end,
               (select (extract(epoch from clock_timestamp() - e.timestamp) * 1000)::float8
                from ledger.mt_events e
                where e.seq_id > (case when progress.known < cardinality($1) then 0 else coalesce(progress.done, 0) end)
                order by e.seq_id limit 1)
        from progress
        """;

    private readonly Lock _gate = new();
    private readonly List<LagSample> _samples = [];

    public LagSample? Latest { get; private set; }

    public int Errors { get; private set; }

    public string? LastError { get; private set; }

    public IReadOnlyList<LagSample> Samples()
    {
        lock (_gate)
        {
            return [.. _samples];
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                await SampleAsync(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the run is over
        }
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        try
        {
            await using var command = primary.CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter { Value = Projections });
            await using var row = await command.ExecuteReaderAsync(ct);
            await row.ReadAsync(ct);
            var head = row.GetInt64(0);
            var done = row.GetInt64(1);
            var behind = Math.Max(0, head - done);
            var ms = behind == 0 || row.IsDBNull(2) ? 0 : Math.Max(0, row.GetDouble(2));
            var sample = new LagSample(Math.Round(Stopwatch.GetElapsedTime(measureFrom).TotalSeconds, 3), behind, Math.Round(ms, 1));
            lock (_gate)
            {
                _samples.Add(sample);
            }

            Latest = sample;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Errors++;
            LastError = e.Message;
        }
    }
}
