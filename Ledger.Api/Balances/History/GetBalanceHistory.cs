using System.Globalization;
using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Projections.Balances;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Api.Balances.History;

public sealed record LedgerEntryResponse(
    string Id,
    string Object,
    BalanceKind Balance,
    long Amount,
    string Currency,
    long BalanceAfter,
    string Type,
    string Source,
    DateTime Created)
{
    private const string Prefix = "le_";

    public static LedgerEntryResponse From(LedgerEntry e) => new(
        $"{Prefix}{e.Sequence.ToString(CultureInfo.InvariantCulture)}_{StoredNames.Of(e.Balance)}", "ledger_entry", e.Balance,
        e.Amount, e.Currency, e.BalanceAfter, e.EventType, e.SourceId, e.At.UtcDateTime);

    /// <summary>The (sequence, balance name) a public entry id stands for.</summary>
    public static (long Sequence, string Balance)? Parse(string id)
    {
        var parts = id.StartsWith(Prefix, StringComparison.Ordinal) ? id[Prefix.Length..].Split('_') : [];
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && Enum.GetValues<BalanceKind>().Select(k => StoredNames.Of(k)).Contains(parts[1])
            ? (sequence, parts[1])
            : null;
    }
}

/// <summary>GET /v1/balance/history: every change to the merchant's balances, newest first, cursor-paginated.</summary>
public sealed class GetBalanceHistoryEndpoint(ConsistentReader reader) : EndpointWithoutRequest
{
    public override void Configure() => Get("/v1/balance/history");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var query = new QueryParameters(HttpContext.Request.Query);
        var limit = query.Limit();
        var startingAfter = query.Text("starting_after", maxLength: 64) is { } raw ? LedgerEntryResponse.Parse(raw) ?? Invalid(query) : null;
        var merchantId = User.MerchantId();
        var response = query.Problem?.ToResponse() ?? await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Balances, async session =>
        {
            var entries = startingAfter is { } cursor
                ? await session.AdvancedSql.QueryAsync<LedgerEntry>(
                    LedgerEntries.AfterSql, ct, merchantId, cursor.Sequence, cursor.Balance, limit + 1)
                : await session.AdvancedSql.QueryAsync<LedgerEntry>(LedgerEntries.NewestSql, ct, merchantId, limit + 1);
            var list = ListResponse<LedgerEntryResponse>.Page([.. entries.Select(LedgerEntryResponse.From)], limit, "/v1/balance/history");
            return new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(list), "application/json");
        }, ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }

    private static (long, string)? Invalid(QueryParameters query)
    {
        query.Fail("starting_after", "must be a ledger entry id");
        return null;
    }
}
