namespace Ledger.Shadow.Log;

/// <summary>
/// One line of a request log: what a client sent and what the recorded target answered. The
/// request keeps only the headers that change an answer (<see cref="LoggedRequest.RecordedHeaders"/>).
/// </summary>
internal sealed record Exchange(long Seq, DateTimeOffset At, LoggedRequest Request, LoggedResponse? Response, string? Error = null);

internal sealed record LoggedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body = null, string? BodyBase64 = null)
{
    /// <summary>Authentication, idempotency, body type and read-your-write: everything else is transport.</summary>
    public static readonly IReadOnlyList<string> RecordedHeaders =
        ["Authorization", "Idempotency-Key", "Content-Type", "Ledger-Consistency-Token"];

    public byte[] BodyBytes() => Bodies.Decode(Body, BodyBase64);

    /// <summary>"POST /v1/charges": how reports name a request.</summary>
    public override string ToString() => $"{Method} {Path}";
}

internal sealed record LoggedResponse(
    int Status, IReadOnlyDictionary<string, string> Headers, double ElapsedMs, string? Body = null, string? BodyBase64 = null)
{
    public byte[] BodyBytes() => Bodies.Decode(Body, BodyBase64);
}
