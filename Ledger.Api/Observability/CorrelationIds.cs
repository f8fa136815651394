using System.Diagnostics;

namespace Ledger.Api.Observability;

/// <summary>
/// Every request gets a correlation id: the caller's <c>X-Request-Id</c> when it is sane, else
/// the trace id. It goes back in the response and into every log line of the request (scope).
/// </summary>
public sealed class CorrelationIds(RequestDelegate next, ILogger<CorrelationIds> logger)
{
    public const string Header = "X-Request-Id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        string? offered = context.Request.Headers[Header];
        var id = offered is { Length: > 0 and <= MaxLength } && offered.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? offered
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        // Set as the response starts: an error handler clears headers set before it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("ledger.correlation_id", id);
        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}

/// <summary>The log scope: a structured <c>CorrelationId</c> property, and readable text for plain loggers.</summary>
internal sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{id}";
}
