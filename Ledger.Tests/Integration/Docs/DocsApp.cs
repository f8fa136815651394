using Alba;

namespace Ledger.Tests.Integration.Docs;

/// <summary>One API node for the docs tests: they only read the document and the routes it maps.</summary>
public sealed class DocsApp : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LedgerApp.StartHostAsync(TestEnvironment.Redis);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
