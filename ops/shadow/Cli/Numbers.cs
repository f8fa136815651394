using System.Globalization;

namespace Ledger.Shadow.Cli;

internal static class Numbers
{
    public static double Parse(string option, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException(FormattableString.Invariant($"{option} needs a number from {min} to {max} (got \"{value}\")"));
}
