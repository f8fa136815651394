using Ledger.Api.Auth;
using Ledger.Api.Sharding;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Tests.Sharding;

public class ShardMapTests
{
    private static ShardOptions Shard(string id) =>
        new() { Id = id, Write = $"Host=127.0.0.1;Database={id}", Read = $"Host=127.0.0.1;Database={id}" };

    [Fact]
    public async Task Adding_a_shard_moves_no_existing_merchant()
    {
        MerchantOptions[] merchants = [new() { Id = "acme", Shard = "shard1" }, new() { Id = "globex" }];
        await using var before = new ShardMap([Shard("shard1")], merchants, null, NullLoggerFactory.Instance);
        await using var after = new ShardMap([Shard("shard1"), Shard("shard2")],
            [.. merchants, new MerchantOptions { Id = "initech", Shard = "shard2" }], null, NullLoggerFactory.Instance);

        after.For("acme").Id.ShouldBe(before.For("acme").Id);
        after.For("globex").Id.ShouldBe(before.For("globex").Id);
        after.For("initech").Id.ShouldBe("shard2");
    }

    [Fact]
    public void A_merchant_on_an_unknown_shard_is_a_configuration_error()
    {
        Should.Throw<InvalidOperationException>(() =>
            new ShardMap([Shard("shard1")], [new MerchantOptions { Id = "acme", Shard = "shard9" }], null, NullLoggerFactory.Instance));
    }
}
