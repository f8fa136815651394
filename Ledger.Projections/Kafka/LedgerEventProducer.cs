using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Kafka;

/// <summary>
/// The worker's one Kafka producer for ledger.events. It publishes a batch in order and returns
/// only when the broker has acknowledged all of it; it never gives up on a record (a ledger event
/// is not droppable), it retries the whole batch instead.
/// </summary>
public sealed class LedgerEventProducer : IDisposable
{
    public const string Topic = "ledger.events";
    public const string TypeHeader = "type";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly string _bootstrapServers;
    private readonly ILogger<LedgerEventProducer> _logger;
    private IProducer<string, byte[]> _producer;

    public LedgerEventProducer(string bootstrapServers, ILogger<LedgerEventProducer> logger)
    {
        _bootstrapServers = bootstrapServers;
        _logger = logger;
        _producer = Build();
    }

    public async Task PublishAsync(IReadOnlyList<LedgerEventMessage> messages, CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                // Enqueued in order, awaited together: the idempotent producer keeps each
                // partition's order, even across its own retries.
                var acks = messages.Select(m => _producer.ProduceAsync(Topic, ToRecord(m), CancellationToken.None)).ToList();
                await Task.WhenAll(acks).WaitAsync(ct);
                return;
            }
            catch (KafkaException e) when (!ct.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Kafka refused a batch of {Count} events ({Reason}); sending it again in {Backoff}", messages.Count, e.Error.Reason, backoff);
                if (e.Error.IsFatal)
                {
                    // A fatal idempotence error poisons this producer instance for good.
                    Rebuild();
                }

                await Task.Delay(backoff, ct);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private static Message<string, byte[]> ToRecord(LedgerEventMessage m) => new()
    {
        // The stream id as key: one stream, one partition, so consumers see it in order.
        Key = m.StreamId,
        Value = m.ToJsonBytes(),
        Headers = new Headers { { TypeHeader, Encoding.UTF8.GetBytes(m.Type) } },
    };

    private IProducer<string, byte[]> Build() =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _bootstrapServers,
            // acks=all plus sequence numbers: a retry can neither duplicate nor reorder a partition.
            EnableIdempotence = true,
            // Events are already late by the time the daemon sees them: send at once.
            LingerMs = 0,
            // 0 = never time a record out: during an outage librdkafka holds the batch and keeps
            // reconnecting; the rest waits in PostgreSQL. A timeout would only turn into a resend.
            MessageTimeoutMs = 0,
        })
        // librdkafka reports every failed reconnect; an outage is expected and survivable, so
        // it is a warning; only fatal errors (the producer is unusable) are errors.
        .SetLogHandler((_, m) => _logger.Log(m.Level <= SyslogLevel.Warning ? LogLevel.Warning : LogLevel.Debug, "librdkafka {Facility}: {Message}", m.Facility, m.Message))
        .SetErrorHandler((_, e) => _logger.Log(e.IsFatal ? LogLevel.Error : LogLevel.Warning, "Kafka: {Reason}", e.Reason))
        .Build();

    private void Rebuild()
    {
        var old = _producer;
        _producer = Build();
        old.Dispose();
    }

    /// <summary>Unsent records are dropped, not flushed: the relay's progress was not recorded for them.</summary>
    public void Dispose() => _producer.Dispose();
}
