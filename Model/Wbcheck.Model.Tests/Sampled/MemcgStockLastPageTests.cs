using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// consume_stock takes the stock's pages while it holds at least as many as asked for ("if
/// (memcg == READ_ONCE(stock-&gt;cached) &amp;&amp; stock-&gt;nr_pages &gt;= nr_pages)") [R]: the
/// last stocked page is taken too, and the stock is then empty.
/// </summary>
public sealed class MemcgStockLastPageTests
{
    [Fact]
    public void The_last_stocked_page_is_consumed()
    {
        var stock = new MemcgStockPcp();
        var memcg = new MemCgroup("job", 100);
        stock.Refill(memcg, 1);

        Assert.True(stock.Consume(memcg, 1));

        Assert.Equal(0, stock.NrPages);
        Assert.False(stock.Consume(memcg, 1));
    }
}
