using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Shadow.Cli;

namespace Ledger.Shadow.Log;

/// <summary>The request log: JSON lines, one exchange a line, in the order the answers came back.</summary>
internal static class ExchangeLog
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep bodies readable (and editable) in the log: "amount", not \u0022amount\u0022.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every exchange of the file, in file order; a line that is not an exchange stops the run with its number.</summary>
    public static async IAsyncEnumerable<Exchange> ReadAsync(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--log {path}: no such file (record one with `ops/shadow/run record`)");
        }

        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Exchange? exchange;
            try
            {
                exchange = JsonSerializer.Deserialize<Exchange>(line, Json);
            }
            catch (JsonException e)
            {
                throw new UsageException($"--log {path}:{number} is not an exchange: {e.Message}");
            }

            yield return exchange?.Request is { Method: not null, Path: not null }
                ? exchange
                : throw new UsageException($"--log {path}:{number} has no request method and path");
        }
    }
}

/// <summary>Appends exchanges as they complete; each line is flushed at once, so Ctrl+C loses nothing.</summary>
internal sealed class ExchangeLogWriter(string path) : IAsyncDisposable
{
    private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task AppendAsync(Exchange exchange)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(exchange, ExchangeLog.Json) + "\n");
        await _gate.WaitAsync();
        try
        {
            await _file.WriteAsync(line);
            await _file.FlushAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _gate.Dispose();
    }
}
