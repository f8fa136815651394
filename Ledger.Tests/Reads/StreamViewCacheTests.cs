using System.Text;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;

namespace Ledger.Tests.Reads;

public class StreamViewCacheTests
{
    private static readonly ApiResponse View = new(200, Encoding.UTF8.GetBytes("""{"id":"ch_1"}"""), "application/json");

    [Fact]
    public void Nothing_is_kept_before_the_first_refresh()
    {
        var cache = new StreamViewCache("charges", 10);

        cache.Offer("ch_1", "acme", View, cache.Refreshes);

        cache.Get("ch_1", "acme").ShouldBeNull();
    }

    [Fact]
    public void A_view_read_since_the_last_refresh_is_kept_for_its_merchant_only()
    {
        var cache = Refreshed(through: 100);

        cache.Offer("ch_1", "acme", View, readAfter: cache.Refreshes);

        cache.Get("ch_1", "acme").ShouldBeSameAs(View);
        cache.Get("ch_1", "globex").ShouldBeNull();
    }

    [Fact]
    public void A_view_read_before_a_refresh_that_listed_its_stream_is_not_kept()
    {
        var cache = Refreshed(through: 100);
        var readAfter = cache.Refreshes;
        cache.Advance(100, 120, []);
        cache.Advance(120, 140, ["ch_1"]);

        cache.Offer("ch_1", "acme", View, readAfter);

        cache.Get("ch_1", "acme").ShouldBeNull();
    }

    [Fact]
    public void A_view_read_across_refreshes_that_did_not_list_its_stream_is_kept()
    {
        var cache = Refreshed(through: 100);
        var readAfter = cache.Refreshes;
        cache.Advance(100, 120, ["ch_2"]);
        cache.Advance(120, 140, ["cap_9"]);

        cache.Offer("ch_1", "acme", View, readAfter);

        cache.Get("ch_1", "acme").ShouldBeSameAs(View);
    }

    [Fact]
    public void A_view_read_before_the_oldest_remembered_refresh_is_not_kept()
    {
        var cache = Refreshed(through: 0);
        var readAfter = cache.Refreshes;
        for (var i = 0; i <= StreamViewCache.RememberedRefreshes; i++)
        {
            cache.Advance(i, i + 1, []);
        }

        cache.Offer("ch_1", "acme", View, readAfter);

        cache.Get("ch_1", "acme").ShouldBeNull();
    }

    [Fact]
    public void A_view_read_before_a_refresh_that_dropped_everything_is_not_kept()
    {
        var cache = Refreshed(through: 100);
        var readAfter = cache.Refreshes;
        cache.Advance(100, 80, []); // a replica behind took the old one's place
        cache.Advance(80, 90, []);

        cache.Offer("ch_1", "acme", View, readAfter);

        cache.Get("ch_1", "acme").ShouldBeNull();
    }

    [Fact]
    public void A_refresh_drops_the_streams_it_lists_and_keeps_the_rest()
    {
        var cache = Refreshed(through: 100);
        cache.Offer("ch_1", "acme", View, cache.Refreshes);
        cache.Offer("ch_2", "acme", View, cache.Refreshes);

        cache.Advance(100, 130, ["ch_1", "cap_9"]);

        cache.Get("ch_1", "acme").ShouldBeNull();
        cache.Get("ch_2", "acme").ShouldBeSameAs(View);
        cache.Through.ShouldBe(130);
    }

    [Theory]
    [InlineData(90, 130, "a refresh that did not start where the last one ended")]
    [InlineData(100, 80, "a replica that went backwards")]
    public void A_refresh_that_does_not_cover_what_is_kept_drops_everything(long from, long through, string why)
    {
        var cache = Refreshed(through: 100);
        cache.Offer("ch_2", "acme", View, cache.Refreshes);

        cache.Advance(from, through, []);

        cache.Get("ch_2", "acme").ShouldBeNull(why);
    }

    [Fact]
    public void A_refresh_past_more_events_than_it_lists_drops_everything()
    {
        var cache = Refreshed(through: 100);
        cache.Offer("ch_2", "acme", View, cache.Refreshes);

        cache.Advance(100, 100 + StreamViewCache.MaxListed + 1, ["ch_1"]);

        cache.Get("ch_2", "acme").ShouldBeNull();
    }

    [Fact]
    public void A_full_cache_starts_over()
    {
        var cache = Refreshed(through: 1, capacity: 2);
        cache.Offer("ch_1", "acme", View, cache.Refreshes);
        cache.Offer("ch_2", "acme", View, cache.Refreshes);

        cache.Offer("ch_3", "acme", View, cache.Refreshes);

        cache.Count.ShouldBe(1);
        cache.Get("ch_3", "acme").ShouldBeSameAs(View);
    }

    private static StreamViewCache Refreshed(long through, int capacity = 10)
    {
        var cache = new StreamViewCache("charges", capacity);
        cache.Advance(-1, through, []);
        return cache;
    }
}
