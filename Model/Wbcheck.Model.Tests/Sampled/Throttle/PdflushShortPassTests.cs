using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 2.6.29 background_writeout: "if (wbc.nr_to_write &gt; 0 || wbc.pages_skipped &gt; 0)" the pass
/// wrote less than asked, and with neither congestion nor more_io the loop breaks, even when
/// min_pages is not yet met. A pass one page short of its chunk is such a pass.
/// </summary>
public sealed class PdflushShortPassTests
{
    private sealed class PassWatch : IKernelObserver
    {
        public List<long> MinPages { get; } = [];

        public void BackgroundWriteoutPass(long minPages) => MinPages.Add(minPages);
    }

    [Fact]
    public void A_pass_one_page_short_of_its_chunk_ends_the_writeout()
    {
        // MAX_WRITEBACK_PAGES 4, one file of 3 dirty pages, min_pages 10: the first pass writes
        // the 3 (nr_to_write 4 - 3 = 1 > 0, one inode, nothing left on b_more_io, no congestion)
        // and breaks; min_pages would be 7 at a second pass, which must not happen.
        var world = new ThrottleWorld(new Machine { MaxWritebackPages = 4 }, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);
        world.AddFile(dirty: 3);

        world.Run(() => world.Throttle.BackgroundWriteout(10));

        Assert.Equal([10L], watch.MinPages);
        Assert.Equal(3, world.PagesSubmitted);
    }
}
