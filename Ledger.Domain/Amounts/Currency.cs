using System.Collections.Frozen;

namespace Ledger.Domain.Amounts;

/// <summary>An ISO 4217 currency and its minor-unit exponent (USD 2, JPY 0, KWD 3).</summary>
public sealed record Currency(string Code, int Exponent)
{
    // Active ISO 4217 codes (list of 2024). Funds and precious-metal codes are left out on purpose:
    // nobody charges a card in XAU.
    private static readonly string[] ZeroDecimal =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly string[] ThreeDecimal = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    private static readonly string[] TwoDecimal =
    [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD", "BND",
        "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP", "CRC", "CUP", "CVE", "CZK",
        "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK",
        "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
        "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON",
        "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
        "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD",
        "YER", "ZAR", "ZMW", "ZWL",
    ];

    private static readonly FrozenDictionary<string, Currency> Known =
        ZeroDecimal.Select(c => new Currency(c, 0))
            .Concat(TwoDecimal.Select(c => new Currency(c, 2)))
            .Concat(ThreeDecimal.Select(c => new Currency(c, 3)))
            .ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Finds a currency by its uppercase ISO 4217 code; codes are case-sensitive on purpose.</summary>
    public static bool TryFind(string? code, out Currency currency)
    {
        if (code is not null && Known.TryGetValue(code, out var found))
        {
            currency = found;
            return true;
        }

        currency = null!;
        return false;
    }

    public static Currency Of(string code) =>
        TryFind(code, out var currency) ? currency : throw new ArgumentException($"unknown currency '{code}'", nameof(code));
}
