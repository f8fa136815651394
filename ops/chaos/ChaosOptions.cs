using System.Globalization;

namespace Ledger.Chaos;

internal sealed record ChaosOptions(string Url, int Rate, int Seconds, string RunId, string Out)
{
    public const string Usage = "usage: Ledger.Chaos --url http://127.0.0.1:5080 --rate 40 --seconds 60 --run-id ID --out FILE";

    public static ChaosOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var url = values.GetValueOrDefault("--url", "http://127.0.0.1:5080");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            return null; // traffic to this machine only
        }

        return int.TryParse(values.GetValueOrDefault("--rate", "40"), CultureInfo.InvariantCulture, out var rate) && rate > 0
            && int.TryParse(values.GetValueOrDefault("--seconds", "60"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            && values.TryGetValue("--run-id", out var runId) && values.TryGetValue("--out", out var output)
            ? new ChaosOptions(url, rate, seconds, runId, output)
            : null;
    }
}
