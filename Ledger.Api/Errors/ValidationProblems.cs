using System.Text.Json;
using FluentValidation.Results;

namespace Ledger.Api.Errors;

/// <summary>Turns FastEndpoints' binding and validation failures into the contract's 400 problem.</summary>
public static class ValidationProblems
{
    public static ApiProblem From(IEnumerable<ValidationFailure> failures) =>
        ApiProblem.Validation(failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));

    /// <summary>A JSON error names the field it broke, without leaking .NET type names.</summary>
    public static ValidationFailure FromJson(JsonException e)
    {
        var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
        var message = e.Message;
        string reason;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            reason = "unknown field";
        }
        else if (message.Contains("Duplicate", StringComparison.Ordinal))
        {
            reason = "duplicate field";
        }
        else if (message.Contains("null value", StringComparison.Ordinal))
        {
            reason = "must not be null";
        }
        else if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            reason = field == "body" ? "the body must be a JSON object" : "has the wrong type or is out of range";
        }
        else
        {
            (field, reason) = ("body", "is not well-formed JSON");
        }

        return new ValidationFailure(field, reason);
    }

    // FastEndpoints reports C# property names ("Amount", "Metadata[0]"); the contract speaks snake_case.
    private static string FieldName(string property) =>
        string.IsNullOrEmpty(property) ? "body" : JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
}
