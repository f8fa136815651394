using Ledger.Load.Http;
using Ledger.Load.Scheduling;

namespace Ledger.Load.Stats;

/// <summary>Where every completed request is recorded: its phase's tally and the live window.</summary>
internal sealed class Results
{
    public Tally Warmup { get; } = new();

    public Tally Measured { get; } = new();

    public Checks Checks { get; } = new();

    public Window Window { get; } = new();

    /// <summary>Latency runs from the arrival's intended start, not from when it was sent.</summary>
    public void Record(Arrival arrival, string operation, ApiOutcome outcome)
    {
        var micros = Latency.MicrosSince(arrival.IntendedStart);
        TallyOf(arrival).Record(operation, micros, outcome);
        Window.Record(micros, outcome);
    }

    /// <summary>Called as the request goes to the HTTP client.</summary>
    public void Sending(Arrival arrival) => TallyOf(arrival).RecordSendLag(Latency.MicrosSince(arrival.IntendedStart));

    public Tally TallyOf(Arrival arrival) => arrival.Measured ? Measured : Warmup;
}
