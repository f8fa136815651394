namespace Ledger.Projections.Reconciliation;

/// <summary>What a reconciliation found: the checks that held, and every disagreement, readable by a person.</summary>
public sealed class ReconciliationReport
{
    private readonly List<string> _passed = [];
    private readonly List<string> _differences = [];

    public IReadOnlyList<string> Passed => _passed;

    public IReadOnlyList<string> Differences => _differences;

    public bool Agrees => _differences.Count == 0;

    public void Pass(string check) => _passed.Add(check);

    public void Differ(string difference) => _differences.Add(difference);

    public void WriteTo(TextWriter output)
    {
        foreach (var check in _passed)
        {
            output.WriteLine($"ok    {check}");
        }

        // A wall of identical lines helps nobody: show the first ones and count the rest.
        foreach (var difference in _differences.Take(200))
        {
            output.WriteLine($"DIFF  {difference}");
        }

        if (_differences.Count > 200)
        {
            output.WriteLine($"DIFF  … and {_differences.Count - 200} more");
        }

        output.WriteLine(Agrees ? "reconcile: everything agrees" : $"reconcile: {_differences.Count} difference(s)");
    }
}
