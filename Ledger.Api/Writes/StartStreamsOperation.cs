using System.Data.Common;
using JasperFx.Events;
using Ledger.Projections.Storage;
using Marten.Events;
using Marten.Internal.Operations;
using NpgsqlTypes;
using Weasel.Postgresql;
using IStorageSession = Weasel.Storage.IStorageSession;
using OperationRole = Weasel.Core.OperationRole;

namespace Ledger.Api.Writes;

/// <summary>
/// Starts every new stream of a transaction in one statement: the streams' rows and all their
/// events, written as Marten's append function writes them. Marten starts each stream with a call
/// of that function (a PL/pgSQL loop of single-row inserts); for a group commit of charges that was
/// half of PostgreSQL's statement time. A stream that exists already is a unique violation, and the
/// whole transaction fails, as with Marten's own start.
/// </summary>
public sealed class StartStreamsOperation : IStorageOperation
{
    // Events take their sequence in the order given (the sorted subquery), so a stream's events
    // come in version order. Tenant, archive flag and the streams' times are the columns' defaults.
    private static readonly string Sql = $"""
        with streams as (
            insert into {LedgerStore.Schema}.mt_streams (id, type, version)
            select * from unnest(?, ?, ?))
        insert into {LedgerStore.Schema}.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, timestamp)
        select nextval('{LedgerStore.Schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, e.dotnet_type, now()
        from (select * from unnest(?, ?, ?, ?, ?, ?)
              with ordinality as e(id, stream_id, version, data, type, dotnet_type, n)
              order by n) as e
        returning stream_id, seq_id
        """;

    private readonly IReadOnlyList<NewStream> _streams;
    private readonly EventGraph _events;
    private readonly Dictionary<string, long> _lastSequences = new(StringComparer.Ordinal);

    public StartStreamsOperation(IReadOnlyList<NewStream> streams, EventGraph events)
    {
        _streams = streams;
        _events = events;
    }

    /// <summary>Counted among the event operations, which Marten sends first, in the order queued.</summary>
    public Type DocumentType => typeof(IEvent);

    /// <summary>The sequence of the stream's last event, once the transaction has run.</summary>
    public long LastSequenceOf(string streamId) => _lastSequences[streamId];

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var events = _streams.SelectMany(s => s.Events.Select((e, i) => (Stream: s.StreamId, Version: i + 1L, Data: (object)e))).ToList();
        var mappings = events.Select(e => _events.EventMappingFor(e.Data.GetType())).ToList();
        (object Values, NpgsqlDbType Type)[] columns =
        [
            (_streams.Select(s => s.StreamId).ToArray(), NpgsqlDbType.Varchar),
            (_streams.Select(s => _events.AggregateAliasFor(s.StreamType)).ToArray(), NpgsqlDbType.Varchar),
            (_streams.Select(s => (long)s.Events.Count).ToArray(), NpgsqlDbType.Bigint),
            (events.Select(_ => Guid.CreateVersion7()).ToArray(), NpgsqlDbType.Uuid),
            (events.Select(e => e.Stream).ToArray(), NpgsqlDbType.Varchar),
            (events.Select(e => e.Version).ToArray(), NpgsqlDbType.Bigint),
            (events.Select(e => session.Serializer.ToJson(e.Data)).ToArray(), NpgsqlDbType.Jsonb),
            (mappings.Select(m => m.EventTypeName).ToArray(), NpgsqlDbType.Varchar),
            (mappings.Select(m => m.DotNetTypeName).ToArray(), NpgsqlDbType.Varchar),
        ];
        var parameters = builder.AppendWithParameters(Sql);
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i].Value = columns[i].Values;
            parameters[i].NpgsqlDbType = NpgsqlDbType.Array | columns[i].Type;
        }
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
    {
        while (await reader.ReadAsync(token))
        {
            var stream = reader.GetString(0);
            var sequence = reader.GetInt64(1);
            _lastSequences[stream] = Math.Max(sequence, _lastSequences.GetValueOrDefault(stream));
        }
    }

    public OperationRole Role() => OperationRole.Events;
}
