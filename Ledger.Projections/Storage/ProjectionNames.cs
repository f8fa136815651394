namespace Ledger.Projections.Storage;

/// <summary>
/// The async projections; their progress rows in mt_event_progression are "{name}:All". They run as
/// members of one composite, <see cref="ReadModels"/>, which keeps a row of its own beside theirs.
/// </summary>
public static class ProjectionNames
{
    public const string ReadModels = "read-models";
    public const string Charges = "charges";
    public const string Balances = "balances";
    public const string Volume = "volume";

    public static IReadOnlyList<string> All { get; } = [Charges, Balances, Volume];

    /// <summary>The progression row names the daemon writes for <see cref="All"/>.</summary>
    public static IReadOnlyList<string> ProgressionRows { get; } = [.. All.Select(ProgressionRow)];

    /// <summary>The mt_event_progression row the daemon keeps for a projection or subscription.</summary>
    public static string ProgressionRow(string name) => $"{name}:All";
}
