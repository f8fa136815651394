using JasperFx.Events.Daemon;
using Ledger.Projections.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ledger.Projections.Worker;

/// <summary>
/// The worker process: runs the async projection daemon over a direct connection (the daemon's
/// advisory locks and long reads don't belong behind a transaction pooler). One worker per
/// database: the daemon runs in Solo mode.
/// </summary>
public static class WorkerHost
{
    public static IHost Build(string[] args, string directConnectionString)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(directConnectionString).Build());
        builder.Services.AddMarten(LedgerStore.Configure)
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.Solo);
        return builder.Build();
    }
}
