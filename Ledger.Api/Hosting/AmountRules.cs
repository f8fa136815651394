using FluentValidation;
using Ledger.Domain.Amounts;

namespace Ledger.Api.Hosting;

/// <summary>The request rules every money field shares, stated once.</summary>
public static class AmountRules
{
    /// <summary>A positive number of minor units, no larger than one charge may be.</summary>
    public static IRuleBuilderOptions<T, long?> MinorUnits<T>(this IRuleBuilder<T, long?> rule) =>
        rule.GreaterThan(0).LessThanOrEqualTo(Money.MaxMinor);

    /// <summary>An uppercase ISO 4217 code the ledger knows.</summary>
    public static IRuleBuilderOptions<T, string?> CurrencyCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(code => Currency.TryFind(code, out _)).WithMessage("must be an uppercase ISO 4217 currency code, e.g. USD");
}
