using System.Globalization;

namespace Ledger.Load;

/// <summary>What a plain arrival (not a retry or duplicate) does, by weight.</summary>
internal enum Kind
{
    Charge,
    Capture,
    Refund,
    Payout,
    GetCharge,
    Balance,
    List,
}

/// <summary>Weights of the traffic kinds, e.g. <c>charge=60,capture=10,refund=5,read=25</c>.</summary>
internal sealed class Mix
{
    // How a bare "read" weight splits when the read kinds are not named one by one.
    private static readonly (Kind Kind, double Share)[] ReadSplit = [(Kind.GetCharge, 0.5), (Kind.Balance, 0.3), (Kind.List, 0.2)];

    private readonly (Kind Kind, double Upto)[] _cumulative;

    private Mix(IReadOnlyDictionary<Kind, double> weights)
    {
        Weights = weights;
        var total = weights.Values.Sum();
        var upto = 0.0;
        _cumulative = [.. weights.Where(w => w.Value > 0).Select(w => (w.Key, upto += w.Value / total))];
    }

    public static Mix Default { get; } = Parse("charge=60,capture=10,refund=5,read=25");

    public IReadOnlyDictionary<Kind, double> Weights { get; }

    public static Mix Parse(string text)
    {
        var weights = new Dictionary<Kind, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new ArgumentException($"--mix: '{part}' is not KIND=WEIGHT, e.g. charge=60");
            }

            var name = part[..eq];
            if (name == "read")
            {
                foreach (var (kind, share) in ReadSplit)
                {
                    weights[kind] = weights.GetValueOrDefault(kind) + (weight * share);
                }

                continue;
            }

            var named = KindOf(name) ?? throw new ArgumentException(
                $"--mix: unknown kind '{name}' (charge, capture, refund, payout, read, get_charge, balance, list)");
            weights[named] = weights.GetValueOrDefault(named) + weight;
        }

        return weights.Values.Sum() > 0 ? new Mix(weights) : throw new ArgumentException("--mix needs at least one weight above 0");
    }

    public Kind Pick(double roll)
    {
        foreach (var (kind, upto) in _cumulative)
        {
            if (roll < upto)
            {
                return kind;
            }
        }

        return _cumulative[^1].Kind;
    }

    public override string ToString() =>
        string.Join(',', Weights.Where(w => w.Value > 0).Select(w => $"{Name(w.Key)}={w.Value.ToString("0.##", CultureInfo.InvariantCulture)}"));

    public static string Name(Kind kind) => kind switch
    {
        Kind.GetCharge => "get_charge",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static Kind? KindOf(string name) =>
        Enum.GetValues<Kind>().Select(k => (Kind?)k).FirstOrDefault(k => Name(k!.Value) == name);
}
