using System.Net;
using System.Net.Sockets;

namespace Ledger.KafkaBroker;

/// <summary>
/// Listens on a fixed loopback port and pipes each connection to a mock broker's random port.
/// The mock can't be told which port to listen on, only which one to advertise; this bridges
/// the two, so clients find a restarted broker at the same address.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();

    private TcpForwarder(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
    }

    /// <summary>Binds now, so a taken port fails at startup rather than on first use.</summary>
    public static TcpForwarder Start(int listenPort, int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, listenPort);
        listener.Start();
        var forwarder = new TcpForwarder(listener, targetPort);
        _ = forwarder.AcceptLoopAsync();
        return forwarder;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = PipeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var broker = new TcpClient())
        {
            try
            {
                await broker.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                // Kafka is request/response: don't let Nagle hold small requests back.
                client.NoDelay = true;
                broker.NoDelay = true;
                var toBroker = client.GetStream().CopyToAsync(broker.GetStream(), _stop.Token);
                var toClient = broker.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                // Kafka has no use for half-open connections: when either side closes, close both.
                await Task.WhenAny(toBroker, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A dropped connection is the client's or the broker's business; nothing to do.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
