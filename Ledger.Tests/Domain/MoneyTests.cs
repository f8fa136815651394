using Ledger.Domain.Amounts;

namespace Ledger.Tests.Domain;

public class MoneyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("EUR", 2)]
    public void Currencies_know_their_exponent(string code, int exponent)
    {
        Currency.Of(code).Exponent.ShouldBe(exponent);
    }

    [Fact]
    public void Mixing_currencies_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new Money(1, "USD") + new Money(1, "EUR"));
    }

    [Fact]
    public void Overflow_is_refused_not_wrapped()
    {
        Should.Throw<OverflowException>(() => new Money(long.MaxValue, "USD") + new Money(1, "USD"));
    }
}
