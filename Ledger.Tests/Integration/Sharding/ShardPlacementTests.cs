using Npgsql;

namespace Ledger.Tests.Integration.Sharding;

[Collection(nameof(LedgerAppCollection))]
public class ShardPlacementTests(LedgerApp app)
{
    [Fact]
    public async Task Each_merchant_writes_only_to_its_own_shard()
    {
        var acme = await app.Acme.CreateChargeReplyAsync();
        var globex = await app.Globex.CreateChargeReplyAsync();

        foreach (var (merchant, charge) in new[] { ("acme", acme), ("globex", globex) })
        {
            foreach (var shard in TestEnvironment.AllShards)
            {
                var expected = shard == TestEnvironment.ShardOf(merchant) ? 1 : 0;
                (await StreamsOn(shard, charge.Id!)).ShouldBe(expected, $"{merchant}'s charge on shard {shard}");
            }

            charge.Token.ShouldNotBeNull().ShouldStartWith($"shard{TestEnvironment.ShardOf(merchant)}.");
            (await (merchant == "acme" ? app.Acme : app.Globex).GetAsync($"/v1/charges/{charge.Id}", charge.Token)).Status.ShouldBe(200);
        }
    }

    private static async Task<long> StreamsOn(int shard, string streamId)
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Direct(shard));
        await using var command = db.CreateCommand("select count(*) from ledger.mt_streams where id = $1");
        command.Parameters.AddWithValue(streamId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
