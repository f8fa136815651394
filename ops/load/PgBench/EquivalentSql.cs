using System.Globalization;
using System.Text;

namespace Ledger.Load.PgBench;

/// <summary>
/// The SQL a charge write comes down to, for pgbench: in one transaction, a stream row, its event
/// row(s) and the stored response, into copies of our tables (same columns, keys, foreign key
/// and sequence) in a schema of their own. Schema <c>ledger</c> is never touched.
/// </summary>
internal static class EquivalentSql
{
    public const string Schema = "loadbench";

    public const string Create = $"""
        drop schema if exists {Schema} cascade;
        create schema {Schema};
        create sequence {Schema}.mt_events_sequence;
        create table {Schema}.mt_streams (
            id varchar primary key, type varchar, version bigint,
            timestamp timestamptz not null default now(), created timestamptz not null default now(),
            tenant_id varchar default '*DEFAULT*', compacted_version bigint not null default 0,
            is_archived boolean default false);
        create table {Schema}.mt_events (
            seq_id bigint primary key, id uuid not null,
            stream_id varchar references {Schema}.mt_streams(id) on delete cascade,
            version bigint not null, data jsonb not null, bdata bytea, type varchar(500) not null,
            timestamp timestamptz not null default now(), tenant_id varchar default '*DEFAULT*',
            mt_dotnet_type varchar, is_archived boolean default false,
            unique (stream_id, version));
        create table {Schema}.stored_responses (
            id text primary key, merchant_id text not null, fingerprint text not null,
            status_code integer not null, body text not null, created_at timestamptz not null);
        """;

    public const string Drop = $"drop schema if exists {Schema} cascade;";

    // Shaped and sized like a real charge_authorized event and a stored 201, copied from the ledger
    // database. pgbench leaves ":word" alone unless it names one of its variables (only :r here).
    private const string EventJson =
        """{"at": "2026-11-27T20:26:29.1282341+00:00", "amount": {"minor": 1000, "currency": "EUR"}, "metadata": {}, "postings": [{"side": "debit", "amount": {"minor": 1000, "currency": "EUR"}, "account": "clearing"}, {"side": "credit", "amount": {"minor": 1000, "currency": "EUR"}, "account": "merchant:acme:pending"}], "charge_id": "ch_1kemyxp4718f95kqy5te44m5d8", "description": "load test", "merchant_id": "acme"}""";

    private const string ResponseBody =
        """{"id":"ch_1kemyxp4718f95kqy5te44m5d8","object":"charge","amount":1000,"currency":"EUR","status":"captured","amount_captured":1000,"amount_refunded":0,"description":"load test","metadata":{},"created":"2026-11-27T20:26:29.1282341Z","refunds":[]}""";

    /// <summary>The pgbench script: one line per statement, ids from a 63-bit random per transaction.</summary>
    public static string Script(int events)
    {
        var sql = new StringBuilder();
        sql.AppendLine(CultureInfo.InvariantCulture, $"\\set r random(1, 9000000000000000000)");
        sql.AppendLine("BEGIN;");
        sql.AppendLine(CultureInfo.InvariantCulture,
            $"INSERT INTO {Schema}.mt_streams (id, type, version, timestamp, created, tenant_id) VALUES ('ch_lb' || :r, 'charge', {events}, now(), now(), '*DEFAULT*');");
        for (var version = 1; version <= events; version++)
        {
            sql.AppendLine(CultureInfo.InvariantCulture,
                $"INSERT INTO {Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) VALUES (nextval('{Schema}.mt_events_sequence'), gen_random_uuid(), 'ch_lb' || :r, {version}, '{EventJson}', 'charge_authorized', now(), '*DEFAULT*', 'Ledger.Domain.Charges.ChargeAuthorized, Ledger.Domain');");
        }

        sql.AppendLine(CultureInfo.InvariantCulture,
            $"INSERT INTO {Schema}.stored_responses (id, merchant_id, fingerprint, status_code, body, created_at) VALUES ('lb' || :r, 'acme', '3be19e6bc08f3ffb66abd4e0c6f7aaf2e070531bb6d18eae5505372d4e82bdc8', 201, '{ResponseBody}', now());");
        sql.AppendLine("END;");
        return sql.ToString();
    }
}
