using Ledger.Domain.Charges;

namespace Ledger.Projections.Volume;

public enum VolumeInterval
{
    Hour,
    Day,
}

/// <summary>Charge volume of one merchant in one currency over one UTC hour or day (minor units).</summary>
public sealed class VolumeBucket
{
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    public required string Currency { get; init; }

    public required VolumeInterval Interval { get; init; }

    public required DateTimeOffset Start { get; init; }

    /// <summary>Charges captured in the bucket.</summary>
    public long Count { get; set; }

    /// <summary>Amount captured.</summary>
    public long Gross { get; set; }

    /// <summary>Amount refunded (in the bucket of the refund, not of the charge).</summary>
    public long Refunded { get; set; }

    public long Net => Gross - Refunded;

    public long LastSequence { get; set; }

    public void Add(object e)
    {
        switch (e)
        {
            case ChargeCaptured captured:
                Count++;
                Gross += captured.Amount.Minor;
                break;
            case ChargeRefunded refunded:
                Refunded += refunded.Amount.Minor;
                break;
        }
    }

    /// <summary>The empty hour and day buckets an event at <paramref name="at"/> falls into.</summary>
    public static IEnumerable<VolumeBucket> For(string merchantId, string currency, DateTimeOffset at) =>
        [New(merchantId, currency, VolumeInterval.Hour, at), New(merchantId, currency, VolumeInterval.Day, at)];

    public static DateTimeOffset StartOf(VolumeInterval interval, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return interval == VolumeInterval.Hour
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }

    private static VolumeBucket New(string merchantId, string currency, VolumeInterval interval, DateTimeOffset at)
    {
        var start = StartOf(interval, at);
        return new VolumeBucket
        {
            Id = $"{merchantId}:{currency}:{interval.ToString().ToLowerInvariant()}:{start:yyyy-MM-ddTHH}",
            MerchantId = merchantId,
            Currency = currency,
            Interval = interval,
            Start = start,
        };
    }
}
