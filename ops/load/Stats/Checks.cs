using System.Collections.Concurrent;

namespace Ledger.Load.Stats;

/// <summary>
/// The contract checks made under load, over the whole run (warm-up included: a broken promise
/// counts whenever it happens): replays byte for byte, collapsed duplicates, read-your-writes.
/// </summary>
internal sealed class Checks
{
    private const int MaxSamples = 20;

    private readonly ConcurrentQueue<string> _samples = new();
    private long _replays;
    private long _replayMismatches;
    private long _duplicateGroups;
    private long _duplicateMismatches;
    private long _consistentReads;
    private long _readYourWriteViolations;

    public void Replay(string? mismatch) => Count(ref _replays, ref _replayMismatches, "retry", mismatch);

    public void DuplicateGroup(string? mismatch) => Count(ref _duplicateGroups, ref _duplicateMismatches, "duplicate", mismatch);

    public void ConsistentRead(string? violation) => Count(ref _consistentReads, ref _readYourWriteViolations, "read-your-write", violation);

    public ChecksSnapshot Snapshot() => new(
        Interlocked.Read(ref _replays), Interlocked.Read(ref _replayMismatches),
        Interlocked.Read(ref _duplicateGroups), Interlocked.Read(ref _duplicateMismatches),
        Interlocked.Read(ref _consistentReads), Interlocked.Read(ref _readYourWriteViolations),
        [.. _samples]);

    private void Count(ref long checks, ref long failures, string what, string? failure)
    {
        Interlocked.Increment(ref checks);
        if (failure is null)
        {
            return;
        }

        Interlocked.Increment(ref failures);
        if (_samples.Count < MaxSamples)
        {
            _samples.Enqueue($"{what}: {failure}");
        }
    }
}

internal sealed record ChecksSnapshot(
    long Replays,
    long ReplayMismatches,
    long DuplicateGroups,
    long DuplicateMismatches,
    long ConsistentReads,
    long ReadYourWriteViolations,
    IReadOnlyList<string> Samples)
{
    public long Failures => ReplayMismatches + DuplicateMismatches + ReadYourWriteViolations;
}
