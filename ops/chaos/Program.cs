using System.Globalization;
using System.Text.Json;
using Ledger.Chaos;

// ops/chaos/client --url URL --rate R --seconds S --run-id ID --out FILE
// Sends R new charges a second for S seconds, each retried with its own key until it gets a
// definite answer (or 120 s pass), then reads every acknowledged charge back with its token.
var options = ChaosOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(ChaosOptions.Usage);
    return 2;
}

using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(10) };
var customers = new Customers(http, options.RunId);
var started = DateTimeOffset.UtcNow;
var arrivals = new List<Task<Outcome>>();
var interval = TimeSpan.FromSeconds(1.0 / options.Rate);
var next = DateTime.UtcNow;
for (var i = 0; i < options.Rate * options.Seconds; i++)
{
    var wait = next - DateTime.UtcNow;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    arrivals.Add(customers.ChargeUntilAnsweredAsync(i));
    next += interval;
}

var outcomes = await Task.WhenAll(arrivals);
var readBack = await customers.ReadBackAsync(outcomes);
var summary = Summary.Of(started, outcomes, readBack);
await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(summary, Summary.Json));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"client: {summary.Sent} charges, {summary.Acknowledged} acknowledged, {summary.Refused} refused, {summary.GaveUp} gave up; " +
    $"{summary.Retried} needed retries (max {summary.MaxAttempts} attempts); read back {summary.ReadBack}/{summary.Acknowledged}; " +
    $"different ids for one key: {summary.DifferentIdsForOneKey}; last failed attempt at +{summary.LastFailureSeconds:0.0} s"));
return 0;
