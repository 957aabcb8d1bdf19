using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 2.5.31's blk_dev_init: "batch_requests = queue_nr_requests / 4; if (batch_requests &gt; 32)
/// batch_requests = 32;" [R], queue_nr_requests being both directions' requests, which
/// blk_init_free_list shares out half to each: a quarter of them is half of one direction's
/// (<see cref="Machine.NrRequests"/>), at least 1 in the model, at most 32.
/// </summary>
public sealed class BatchRequestsTests
{
    [Theory]
    [InlineData(8, 4)]
    [InlineData(64, 32)]
    [InlineData(128, 32)]
    [InlineData(1, 1)]
    public void A_writer_is_woken_once_a_quarter_of_the_queue_s_requests_are_free_at_most_32(int nrRequests, int batch)
    {
        Assert.Equal(batch, new Machine { NrRequests = nrRequests }.BatchRequests);
    }
}
