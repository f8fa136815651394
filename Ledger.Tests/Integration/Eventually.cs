using System.Diagnostics;

namespace Ledger.Tests.Integration;

/// <summary>Waits for what the system does in the background: polls until the condition holds, or fails saying what did not happen.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.ShouldBeLessThan(within, what);
            await Task.Delay(PollEvery);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), within, what);
}
