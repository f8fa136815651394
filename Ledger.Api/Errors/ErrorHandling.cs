using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Ledger.Api.Errors;

/// <summary>Every error leaves as problem+json: unknown routes, oversized bodies and our own bugs too.</summary>
public static class ErrorHandling
{
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
                _ => ApiProblem.Of(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "Internal error",
                    "Something went wrong on our side; it is safe to retry with the same Idempotency-Key."),
            };
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
