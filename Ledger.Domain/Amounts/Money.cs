namespace Ledger.Domain.Amounts;

/// <summary>
/// An amount in integer minor units of an ISO 4217 currency (1000 USD minor = $10.00).
/// No floating point anywhere near money; arithmetic is checked and refuses mixed currencies.
/// </summary>
public readonly record struct Money(long Minor, string Currency)
{
    /// <summary>
    /// The largest amount one charge may carry. Far below long.MaxValue, so sums of many
    /// charges, refunds and balances cannot overflow.
    /// </summary>
    public const long MaxMinor = 99_999_999_999;

    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), SameCurrency(a, b));

    public override string ToString() => $"{Minor} {Currency}";

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency
            ? a.Currency
            : throw new InvalidOperationException($"cannot combine {a.Currency} with {b.Currency}");
}
