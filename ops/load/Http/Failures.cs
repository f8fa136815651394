using System.Net.Sockets;
using System.Text;

namespace Ledger.Load.Http;

/// <summary>Names a transport failure the way an operator looks for it: timeout, connection refused, ...</summary>
internal static class Failures
{
    public static string Classify(Exception e) => e switch
    {
        // HttpClient.Timeout: the whole request took too long.
        TaskCanceledException { InnerException: TimeoutException } => "timeout",
        HttpRequestException h when Find<SocketException>(h) is { } s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection_refused",
            SocketError.ConnectionReset => "connection_reset",
            var other => "socket_" + Snake(other.ToString()),
        },
        // SocketsHttpHandler.ConnectTimeout.
        HttpRequestException h when Find<TimeoutException>(h) is not null => "connect_timeout",
        HttpRequestException h => "http_" + Snake(h.HttpRequestError.ToString()),
        IOException => "io_error",
        _ => Snake(e.GetType().Name),
    };

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Snake(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
