using System.Net.Sockets;
using System.Runtime.InteropServices;
using Ledger.KafkaBroker;

// A local Kafka for development and CI: librdkafka's mock cluster, reachable at fixed
// loopback ports. In memory only: every start is an empty cluster with the topics below.
const string Host = "127.0.0.1";

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"kafka-broker: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

LibRdKafka.UseBundledLibrary();

var stopped = new TaskCompletionSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true; // leave through the cleanup below rather than the runtime's default exit
    stopped.TrySetResult();
}

using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var ports = $"{options.FirstPort}-{options.FirstPort + options.Brokers - 1}";
MockCluster? cluster = null;
var forwarders = new List<TcpForwarder>();
var wrotePidFile = false;
try
{
    cluster = new MockCluster(options.Brokers, options.Debug);
    for (var id = 1; id <= options.Brokers; id++)
    {
        // Clients learn brokers from Metadata: advertise the fixed port, forward it to the real one.
        var port = options.FirstPort + id - 1;
        forwarders.Add(TcpForwarder.Start(port, cluster.ListenPorts[id - 1]));
        cluster.Advertise(id, Host, port);
    }

    cluster.SetInitialRebalanceDelay(options.RebalanceDelayMs);

    // The mock has no CreateTopics (admin) API, so topics exist only if made here.
    var replicationFactor = Math.Min(options.Brokers, 3);
    foreach (var (name, partitions) in options.Topics)
    {
        cluster.CreateTopic(name, partitions, replicationFactor);
    }

    if (options.PidFile is not null)
    {
        await File.WriteAllTextAsync(options.PidFile, $"{Environment.ProcessId}\n");
        wrotePidFile = true;
    }

    Console.WriteLine($"kafka-broker: librdkafka {LibRdKafka.Str(LibRdKafka.rd_kafka_version_str())} from {LibRdKafka.LoadedFrom}");
    Console.WriteLine($"kafka-broker: ready on {Host}:{options.FirstPort} (brokers: {options.Brokers} on ports {ports}, " +
        $"topics: {string.Join(", ", options.Topics.Select(t => $"{t.Name}/{t.Partitions}"))})");

    await stopped.Task;
}
catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
{
    Console.Error.WriteLine($"kafka-broker: a port in {Host}:{ports} is already in use");
    return 1;
}
catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
{
    Console.Error.WriteLine($"kafka-broker: {e.Message}");
    return 1;
}
finally
{
    // Refuse new connections first, so no client reaches a half-destroyed cluster.
    forwarders.ForEach(f => f.Dispose());
    cluster?.Dispose();
    // Only our own: a second instance that failed to bind must not remove the first one's.
    if (wrotePidFile)
    {
        File.Delete(options.PidFile!);
    }
}

Console.WriteLine("kafka-broker: stopped");
return 0;
