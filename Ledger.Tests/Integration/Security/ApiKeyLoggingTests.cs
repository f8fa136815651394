using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ledger.Tests.Integration.Security;

public class ApiKeyLoggingTests
{
    [Fact]
    public async Task Api_keys_never_reach_the_logs_even_at_trace_level()
    {
        var logs = new CapturedLogs();
        await using var host = await LedgerApp.StartHostAsync(TestEnvironment.Redis, logs: logs);
        var acme = new LedgerClient(host, TestEnvironment.AcmeKey);
        var wrong = new LedgerClient(host, "sk_test_wrong_secret");

        (await acme.CreateChargeReplyAsync()).Status.ShouldBe(201);
        (await acme.PostAsync("/v1/charges", LedgerClient.NewKey(), """{"amount":"x"}""")).Status.ShouldBe(400);
        (await wrong.GetAsync("/v1/balance")).Status.ShouldBe(401);

        logs.Messages.Count.ShouldBeGreaterThan(10, "trace logging was on, so requests were logged");
        logs.Messages.ShouldNotContain(m => m.Contains(TestEnvironment.AcmeKey, StringComparison.Ordinal));
        logs.Messages.ShouldNotContain(m => m.Contains("sk_test_wrong_secret", StringComparison.Ordinal));
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capture(Messages);

        public void Dispose()
        {
        }

        private sealed class Capture(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                messages.Enqueue($"{formatter(state, exception)} {exception} {string.Join(' ', state as IEnumerable<KeyValuePair<string, object?>> ?? [])}");
        }
    }
}
