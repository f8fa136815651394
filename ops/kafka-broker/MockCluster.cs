using System.Globalization;
using System.Text;

namespace Ledger.KafkaBroker;

/// <summary>
/// librdkafka's in-memory mock cluster: brokers 1..N, each on a kernel-chosen loopback port.
/// It keeps everything in memory, so a new one is always empty.
/// </summary>
internal sealed class MockCluster : IDisposable
{
    private readonly nint _rk;
    private readonly nint _cluster;

    /// <param name="brokerCount">Brokers, with ids 1..brokerCount.</param>
    /// <param name="debug">librdkafka debug contexts (e.g. "mock,cgrp"), or null.</param>
    public MockCluster(int brokerCount, string? debug)
    {
        // The mock needs an rd_kafka_t for its bookkeeping (logging, threads). A producer is the
        // cheapest one; it has no bootstrap servers and never connects anywhere.
        var conf = LibRdKafka.rd_kafka_conf_new();
        // Level 5 would log "No bootstrap.servers configured", true of this handle and misleading in the log.
        Set(conf, "log_level", debug is null ? "4" : "7");
        if (debug is not null)
        {
            Set(conf, "debug", debug);
        }

        var errstr = new byte[512];
        _rk = LibRdKafka.rd_kafka_new(LibRdKafka.RdKafkaProducer, conf, errstr, (nuint)errstr.Length);
        if (_rk == 0)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Text(errstr)}");
        }

        _cluster = LibRdKafka.rd_kafka_mock_cluster_new(_rk, brokerCount);
        if (_cluster == 0)
        {
            LibRdKafka.rd_kafka_destroy(_rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed (see librdkafka's log above)");
        }

        // "127.0.0.1:41235,127.0.0.1:38811,...": one entry per broker, in broker id order.
        ListenPorts = [.. LibRdKafka.Str(LibRdKafka.rd_kafka_mock_cluster_bootstraps(_cluster))
            .Split(',')
            .Select(hostPort => int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))];
    }

    /// <summary>The port each broker really listens on; index 0 is broker id 1.</summary>
    public IReadOnlyList<int> ListenPorts { get; }

    /// <summary>Makes Metadata responses name <paramref name="host"/>:<paramref name="port"/> for the broker.</summary>
    public void Advertise(int brokerId, string host, int port) =>
        LibRdKafka.rd_kafka_mock_broker_set_host_port(_cluster, brokerId, host, port);

    /// <summary>The broker's group.initial.rebalance.delay.ms: how long a new group waits for more members.</summary>
    public void SetInitialRebalanceDelay(int milliseconds) =>
        LibRdKafka.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, milliseconds);

    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        var err = LibRdKafka.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor);
        if (err != 0)
        {
            throw new InvalidOperationException($"creating topic {name}: {LibRdKafka.Str(LibRdKafka.rd_kafka_err2str(err))}");
        }
    }

    private static void Set(nint conf, string name, string value)
    {
        var errstr = new byte[512];
        if (LibRdKafka.rd_kafka_conf_set(conf, name, value, errstr, (nuint)errstr.Length) != 0)
        {
            throw new InvalidOperationException($"librdkafka config {name}={value}: {Text(errstr)}");
        }
    }

    private static string Text(byte[] cString) => Encoding.UTF8.GetString(cString).TrimEnd('\0');

    public void Dispose()
    {
        LibRdKafka.rd_kafka_mock_cluster_destroy(_cluster);
        LibRdKafka.rd_kafka_destroy(_rk);
    }
}
