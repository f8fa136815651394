using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Tests.Integration.Dashboard;

/// <summary>
/// An API node on a real loopback port, for clients outside this process (a browser). Alba's hosts
/// are in memory; this one is built exactly like Program.cs, with the test settings on top.
/// </summary>
public sealed class KestrelNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the node listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public static async Task<KestrelNode> StartAsync(IDictionary<string, string?> settings)
    {
        await LedgerApp.EnsureSchemaAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LedgerApiSetup).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory, // Ledger.Api's appsettings.json is copied here
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Urls"] = "http://127.0.0.1:0" });
        builder.AddLedgerApi();
        var app = builder.Build();
        app.UseLedgerApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KestrelNode(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
