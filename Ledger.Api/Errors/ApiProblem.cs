using System.Text.Json.Serialization;
using Ledger.Api.Hosting;
using Ledger.Domain;

namespace Ledger.Api.Errors;

/// <summary>An RFC 9457 problem with the contract's stable <see cref="Code"/>.</summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string ContentType = "application/problem+json";

    public static ApiProblem Of(int status, string code, string title, string detail,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        new($"https://ledger.dev/problems/{code}", title, status, detail, code, errors);

    public static ApiProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Of(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is not valid",
            "One or more fields are invalid; see errors.", errors);

    public static ApiProblem NotFound(string detail) =>
        Of(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", detail);

    /// <summary>Maps a broken domain rule to its HTTP status.</summary>
    public static ApiProblem From(DomainError error) => error.Code switch
    {
        DomainError.InvalidStateCode => Of(StatusCodes.Status409Conflict, error.Code, "Not allowed in the current state", error.Message),
        DomainError.AmountExceedsAvailableCode => Of(StatusCodes.Status422UnprocessableEntity, error.Code, "Amount exceeds what is available", error.Message),
        DomainError.ValidationFailedCode => Of(StatusCodes.Status400BadRequest, error.Code, "The request is not valid", error.Message),
        _ => Of(StatusCodes.Status422UnprocessableEntity, error.Code, "The request was refused", error.Message),
    };

    public ApiResponse ToResponse() => new(Status, ApiJson.Serialize(this), ContentType);
}
