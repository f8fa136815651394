using System.Globalization;
using Ledger.Api.Errors;

namespace Ledger.Api.Reads;

/// <summary>Reads a list endpoint's query string, collecting every problem for one 400 answer.</summary>
public sealed class QueryParameters(IQueryCollection query)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    private readonly Dictionary<string, string[]> _errors = [];

    public int Limit()
    {
        var raw = Text("limit");
        if (raw is null)
        {
            return DefaultLimit;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
        {
            return limit;
        }

        return Fail("limit", $"must be a whole number from 1 to {MaxLimit}", DefaultLimit);
    }

    /// <summary>An ISO 8601 timestamp with an offset, or unix seconds.</summary>
    public DateTimeOffset? Time(string name)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : Fail<DateTimeOffset?>(name, "must be an ISO 8601 timestamp or unix seconds", null);
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var raw = Text(name);
        if (raw is null)
        {
            return null;
        }

        var match = System.Enum.GetValues<TEnum>().Where(v => Snake(v) == raw).Select(v => (TEnum?)v).FirstOrDefault();
        return match ?? Fail<TEnum?>(name, $"must be one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(Snake))}", null);
    }

    public string? Text(string name, int maxLength = 100)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        var value = values[0];
        return values.Count > 1 || string.IsNullOrEmpty(value) || value.Length > maxLength
            ? Fail<string?>(name, "must be given once, non-empty and short", null)
            : value;
    }

    public void Fail(string name, string message) => _errors[name] = [message];

    /// <summary>The 400 problem for everything that was wrong, or null when all was fine.</summary>
    public ApiProblem? Problem => _errors.Count == 0 ? null : ApiProblem.Validation(_errors);

    private T Fail<T>(string name, string message, T fallback)
    {
        Fail(name, message);
        return fallback;
    }

    private static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
