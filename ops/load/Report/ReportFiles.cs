using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Load.Report;

/// <summary>Writes report.json and report.html into the run's directory.</summary>
internal static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(RunReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(Path.Combine(dir, "report.html"), HtmlReport.Render(report));
    }

    /// <summary>ops/load/reports/&lt;timestamp&gt;/ beside the project (git-ignored), wherever the tool is started from.</summary>
    public static string DefaultDirectory(DateTimeOffset startedAt)
    {
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.Load.csproj")))
            {
                return Path.Combine(dir.FullName, "reports", stamp);
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "reports", stamp);
    }
}
