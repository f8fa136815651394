using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Projections.Charges;

/// <summary>
/// The charge read model is the domain's own <see cref="Charge"/>, folded by the same Apply the
/// write side uses, so the two can never disagree on what a charge is. A batch's views are read
/// in one query, folded in memory and written back in one upsert (<see cref="ChargeViews"/>).
/// </summary>
public sealed class ChargeViewProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Charge events are only ever appended to charge streams (operation streams hold their own kind).
        var charges = events.Where(e => e.Data is ChargeAuthorized or ChargeCaptured or ChargeVoided or ChargeRefunded).ToList();
        if (charges.Count == 0)
        {
            return;
        }

        // Views a batch only adds to were made by an earlier one: read those, and only those.
        var created = charges.Where(e => e.Data is ChargeAuthorized).Select(e => e.StreamKey!).ToHashSet(StringComparer.Ordinal);
        var earlier = charges.Select(e => e.StreamKey!).Where(id => !created.Contains(id)).Distinct(StringComparer.Ordinal).ToArray();
        var views = earlier.Length == 0
            ? new Dictionary<string, ChargeViews.Stored>(StringComparer.Ordinal)
            : (await ChargeViews.LoadStoredAsync(operations, earlier, cancellation)).ToDictionary(v => v.Charge.Id, StringComparer.Ordinal);

        var touched = new Dictionary<string, ChargeViews.Stored>(StringComparer.Ordinal);
        foreach (var e in charges)
        {
            var id = e.StreamKey!;
            var view = views.GetValueOrDefault(id);
            if (view is not null && view.Version >= e.Version)
            {
                continue; // folded in by an earlier run
            }

            var charge = e.Data is ChargeAuthorized authorized ? Charge.Create(authorized) : view?.Charge.Apply((ILedgerEvent)e.Data);
            if (charge is null)
            {
                throw new InvalidOperationException($"event {e.Sequence} ({e.EventTypeName}) follows no charge view in stream {id}");
            }

            views[id] = touched[id] = new ChargeViews.Stored(e.Version, charge);
        }

        ChargeViews.Queue(operations, touched.Values);
    }
}
