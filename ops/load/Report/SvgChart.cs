using System.Globalization;
using System.Net;
using System.Text;

namespace Ledger.Load.Report;

/// <summary>A line series: name, colour, one y per x (NaN leaves a gap).</summary>
internal sealed record Series(string Name, string Color, IReadOnlyList<double> Ys);

/// <summary>A plain inline SVG line chart: no script, no external file, readable in any browser.</summary>
internal static class SvgChart
{
    private const int Width = 960;
    private const int Height = 280;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 36;

    /// <param name="logY">Log scale, for latency: p50 and max differ by orders of magnitude.</param>
    public static string Lines(string title, string yUnit, IReadOnlyList<double> xs, IReadOnlyList<Series> series, bool logY)
    {
        var svg = new StringBuilder();
        Append(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" font-family="sans-serif" font-size="11">""");
        Append(svg, $"""<text x="{Left}" y="16" font-size="13" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""");
        var values = series.SelectMany(s => s.Ys).Where(double.IsFinite).Where(v => !logY || v > 0).ToArray();
        if (xs.Count == 0 || values.Length == 0)
        {
            Append(svg, $"""<text x="{Left}" y="{Height / 2}">no data</text></svg>""");
            return svg.ToString();
        }

        var (x0, x1) = (xs.Min(), Math.Max(xs.Max(), xs.Min() + 1));
        var (y0, y1) = logY
            ? (Math.Pow(10, Math.Floor(Math.Log10(values.Min()))), Math.Pow(10, Math.Ceiling(Math.Log10(values.Max() * 1.01))))
            : (0.0, Nice(values.Max() * 1.1));
        double X(double x) => Left + ((x - x0) / (x1 - x0) * (Width - Left - Right));
        double Y(double y) => logY
            ? Height - Bottom - ((Math.Log10(Math.Max(y, y0)) - Math.Log10(y0)) / (Math.Log10(y1) - Math.Log10(y0)) * (Height - Top - Bottom))
            : Height - Bottom - ((y - y0) / (y1 - y0) * (Height - Top - Bottom));

        foreach (var tick in logY ? LogTicks(y0, y1) : LinearTicks(y1))
        {
            Append(svg, $"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(tick):0.#}" y2="{Y(tick):0.#}" stroke="#e3e3e3"/>""");
            Append(svg, $"""<text x="{Left - 6}" y="{Y(tick) + 4:0.#}" text-anchor="end">{tick:0.###}</text>""");
        }

        var step = Math.Max(1, Nice((x1 - x0) / 10));
        for (var x = Math.Ceiling(x0 / step) * step; x <= x1; x += step)
        {
            Append(svg, $"""<text x="{X(x):0.#}" y="{Height - Bottom + 16}" text-anchor="middle">{x:0}s</text>""");
        }

        Append(svg, $"""<text x="12" y="{Top + ((Height - Top - Bottom) / 2)}" transform="rotate(-90 12 {Top + ((Height - Top - Bottom) / 2)})" text-anchor="middle">{WebUtility.HtmlEncode(yUnit)}</text>""");
        Append(svg, $"""<rect x="{Left}" y="{Top}" width="{Width - Left - Right}" height="{Height - Top - Bottom}" fill="none" stroke="#999"/>""");

        var legendX = Width - Right - (series.Count * 110);
        foreach (var (s, i) in series.Select((s, i) => (s, i)))
        {
            var points = string.Join(' ', xs.Zip(s.Ys)
                .Where(p => double.IsFinite(p.Second) && (!logY || p.Second > 0))
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.First):0.#},{Y(p.Second):0.#}")));
            Append(svg, $"""<polyline fill="none" stroke="{s.Color}" stroke-width="1.6" points="{points}"/>""");
            Append(svg, $"""<rect x="{legendX + (i * 110)}" y="8" width="12" height="3" fill="{s.Color}"/><text x="{legendX + (i * 110) + 16}" y="13">{WebUtility.HtmlEncode(s.Name)}</text>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Append(StringBuilder svg, FormattableString text) => svg.Append(FormattableString.Invariant(text));

    private static IEnumerable<double> LogTicks(double from, double to)
    {
        for (var t = from; t <= to * 1.0001; t *= 10)
        {
            yield return t;
        }
    }

    private static IEnumerable<double> LinearTicks(double to)
    {
        var step = Nice(to / 5);
        for (var t = 0.0; t <= to * 1.0001; t += step)
        {
            yield return t;
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(n => n >= value);
    }
}
