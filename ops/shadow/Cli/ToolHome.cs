namespace Ledger.Shadow.Cli;

/// <summary>ops/shadow in the source tree (where the csproj is), wherever the tool is started from.</summary>
internal static class ToolHome
{
    public static string Directory { get; } = Find();

    /// <summary>rules.default.json beside the project; the copy next to the binary if the tree is gone.</summary>
    public static string DefaultRules
    {
        get
        {
            var source = Path.Combine(Directory, "rules.default.json");
            return File.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "rules.default.json");
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.Shadow.csproj")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
