using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Charges;

/// <summary>
/// The charge read model is the domain's own <see cref="Charge"/>, folded by the same Apply the
/// write side uses, so the two can never disagree on what a charge is.
/// </summary>
public sealed partial class ChargeViewProjection : SingleStreamProjection<Charge, string>
{
    public ChargeViewProjection()
    {
        Name = ProjectionNames.Charges;
        FilterIncomingEventsOnStreamType(); // operation streams are not charges
        Options.BatchSize = 1000;
    }

    public Charge Create(ChargeAuthorized e) => Charge.Create(e);

    public Charge Apply(ChargeCaptured e, Charge charge) => charge.Apply(e);

    public Charge Apply(ChargeVoided e, Charge charge) => charge.Apply(e);

    public Charge Apply(ChargeRefunded e, Charge charge) => charge.Apply(e);
}
