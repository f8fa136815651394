using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ledger.Shadow.Cli;

namespace Ledger.Shadow.Reporting;

internal static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Bodies and paths stay readable in the report (it is a file, not HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes report.json into the directory; returns its path.</summary>
    public static async Task<string> WriteAsync(ReplayReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "report.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json) + "\n");
        return path;
    }

    /// <summary>ops/shadow/reports/&lt;timestamp&gt;/ beside the project (git-ignored).</summary>
    public static string DefaultDirectory(DateTimeOffset startedAt) =>
        Path.Combine(ToolHome.Directory, "reports", startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
}
