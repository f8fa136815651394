using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Ledger.Api.Errors;

/// <summary>Every error leaves as problem+json: unknown routes, oversized bodies and our own bugs too.</summary>
public static class ErrorHandling
{
    /// <summary>
    /// Overload and outages are not bugs: no connection to be had (pool exhausted, server down or
    /// restarting, too many clients) answers 503 with Retry-After, while an SQL error stays a 500.
    /// </summary>
    public static bool IsUnavailable(Exception? error) => error switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException or TimeoutException => true,
        _ => false,
    };

    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var problem = error switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiProblem.Of(
                    StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Request body too large", "The request body is too large."),
                BadHttpRequestException bad => ApiProblem.Of(
                    bad.StatusCode, ErrorCodes.ValidationFailed, "Bad request", "The request could not be read."),
                _ when IsUnavailable(error) => ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                    "Temporarily unavailable", "The database is unreachable or saturated; retry shortly (POSTs with the same Idempotency-Key)."),
                _ => ApiProblem.Of(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "Internal error",
                    "Something went wrong on our side; it is safe to retry with the same Idempotency-Key."),
            };

            // Every 503 gets its Retry-After from ApiResponse itself.
            await problem.ToResponse().WriteAsync(context.Response, context.RequestAborted);
        }));

        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            var problem = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiProblem.NotFound("No such resource."),
                StatusCodes.Status405MethodNotAllowed => ApiProblem.Of(response.StatusCode, ErrorCodes.NotFound,
                    "Method not allowed", "This resource does not support that method."),
                StatusCodes.Status415UnsupportedMediaType => ApiProblem.Of(response.StatusCode, ErrorCodes.ValidationFailed,
                    "Unsupported media type", "Send the body as application/json."),
                _ => null,
            };
            if (problem is not null)
            {
                await problem.ToResponse().WriteAsync(response, status.HttpContext.RequestAborted);
            }
        });
    }
}
