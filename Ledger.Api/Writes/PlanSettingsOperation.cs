using System.Data.Common;
using JasperFx.Events;
using Ledger.Projections.Storage;
using Marten.Internal.Operations;
using Weasel.Postgresql;
using IStorageSession = Weasel.Storage.IStorageSession;
using OperationRole = Weasel.Core.OperationRole;

namespace Ledger.Api.Writes;

/// <summary>
/// <see cref="IndexPlans.ForTransaction"/> as the first statement of a write's batch. Marten sends
/// the event operations first, in the order they were queued, so this one, queued before any
/// event, runs before the appends, in the round trip that carries BEGIN and the appends: a round
/// trip less for every transaction than a command of its own.
/// </summary>
public sealed class PlanSettingsOperation : IStorageOperation
{
    public static readonly PlanSettingsOperation Instance = new();

    private PlanSettingsOperation()
    {
    }

    /// <summary>Counted among the event operations, which Marten sends first.</summary>
    public Type DocumentType => typeof(IEvent);

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session) => builder.Append(IndexPlans.ForTransaction);

    // Its one row of set_config results says nothing; Marten moves the reader past it.
    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public OperationRole Role() => OperationRole.Other;
}
