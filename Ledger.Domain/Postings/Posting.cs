using Ledger.Domain.Amounts;

namespace Ledger.Domain.Postings;

public enum PostingSide
{
    Debit,
    Credit,
}

/// <summary>One line of a double-entry posting: an account debited or credited with an amount.</summary>
public sealed record Posting(string Account, PostingSide Side, Money Amount)
{
    /// <summary>Moves an amount from one account to another: debit <paramref name="from"/>, credit <paramref name="to"/>.</summary>
    public static IReadOnlyList<Posting> Transfer(Money amount, string from, string to) =>
        [new(from, PostingSide.Debit, amount), new(to, PostingSide.Credit, amount)];

    /// <summary>True when, for every currency, the debits add up to the credits.</summary>
    public static bool AreBalanced(IEnumerable<Posting> postings) =>
        postings
            .GroupBy(p => p.Amount.Currency)
            .All(currency => currency.Sum(p => p.Side == PostingSide.Debit ? p.Amount.Minor : -p.Amount.Minor) == 0);
}
