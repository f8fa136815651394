namespace Ledger.Domain;

/// <summary>What a decide function returns: the events to append, or the rule that was broken.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<ILedgerEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public IReadOnlyList<ILedgerEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;

    public static Decision Accept(params ILedgerEvent[] events) => new(events, null);

    public static Decision Reject(DomainError error) => new([], error);

    public static implicit operator Decision(DomainError error) => Reject(error);
}
