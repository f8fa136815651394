using System.Collections.Concurrent;

namespace Ledger.Api.Idempotency;

/// <summary>
/// In-process request collapsing: while a call for a key runs, later calls for the same key join
/// it instead of running again. The work runs detached from any caller's cancellation, so one
/// caller hanging up does not fail the others that wait on it.
/// </summary>
public sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>A running call and the tag (e.g. a request fingerprint) of whoever started it.</summary>
    public sealed class Flight(string tag, Task<TResult> result)
    {
        public string Tag { get; } = tag;

        public Task<TResult> Result { get; } = result;
    }

    /// <summary>Joins the running call for <paramref name="key"/>, or starts <paramref name="work"/>.</summary>
    /// <returns>The flight, and whether this caller started it.</returns>
    public (Flight Flight, bool Started) Join(string key, string tag, Func<Task<TResult>> work)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var running))
            {
                return (running, false);
            }

            var start = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var flight = new Flight(tag, start.Task);
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            _ = RunAsync(key, flight, start, work);
            return (flight, true);
        }
    }

    private async Task RunAsync(string key, Flight flight, TaskCompletionSource<TResult> completion, Func<Task<TResult>> work)
    {
        TResult result;
        try
        {
            result = await Task.Run(work);
        }
        catch (Exception e)
        {
            // Leave the map before waking anyone, so a woken caller that joins again starts afresh.
            _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
            completion.SetException(e);
            return;
        }

        _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
        completion.SetResult(result);
    }
}
