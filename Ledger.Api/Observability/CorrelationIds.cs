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
        context.Response.Headers[Header] = id;
        Activity.Current?.SetTag("ledger.correlation_id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }
}
