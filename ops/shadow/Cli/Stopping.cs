using System.Runtime.InteropServices;

namespace Ledger.Shadow.Cli;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM cancel the token instead of killing the process, so the work in
/// flight finishes and the log or report is complete. A background job started by a script has
/// SIGINT ignored: `kill -TERM PID` stops it.
/// </summary>
internal sealed class Stopping : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public Stopping()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
