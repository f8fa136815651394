namespace Ledger.Shadow.Cli;

/// <summary>A command line the tool cannot run: printed with the command's usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
