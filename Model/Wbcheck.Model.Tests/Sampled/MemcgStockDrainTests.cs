using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// drain_stock gives a stock's pages back to its memcg (page_counter_uncharge) and forgets the
/// memcg: it puts the css reference the stock held and sets stock-&gt;cached to NULL [R] (2.6.36,
/// 6.9). A drained stock holds no memcg, so nothing keeps a memcg that is then taken offline
/// pointed to by a cpu's stock, and drain_all_stock's look for that memcg finds none.
/// </summary>
public sealed class MemcgStockDrainTests
{
    [Fact]
    public void A_drained_stock_holds_no_memcg()
    {
        var stock = new MemcgStockPcp();
        var memcg = new MemCgroup("job", 100);
        stock.Refill(memcg, 3);

        stock.Drain();

        Assert.Null(stock.Cached);
        Assert.Equal((0L, 0L), (stock.NrPages, memcg.Stocked));
        Assert.Equal("memcg stock (empty)", stock.ToString());
    }
}
