using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// shrink_inactive_list's test of a batch whose every page was dirty and not queued for I/O
/// (nr_unqueued_dirty == nr_taken) wakes the flushers from 4.11 (726d061fbd36), whatever the
/// batch's size: the one-page batch of the race scenarios' reclaimer (<see cref="Vmscan.ReclaimOne"/>)
/// is a batch the kernel takes too, and gets the same wake-up as the flag it already set. A batch
/// with a clean page in it wakes nobody.
/// </summary>
public sealed class OnePageBatchFlusherWakeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V4_20, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void A_one_page_batch_of_an_unqueued_dirty_page_wakes_the_flushers_from_4_11(KernelEra era, bool wakes)
    {
        foreach (var kswapd in new[] { true, false })
        {
            var world = new World(pages: 1, config: new KernelConfig { Era = era });

            var taken = world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd));

            Assert.NotNull(taken);
            Assert.False(world.Page(0).Writeback);
            // From 2.6.32 the wake-up is the wb's flusher thread's (a queued work, WB_start_all).
            Assert.Equal(wakes, world.Runtime.Pending.Any(thread => thread.Name == "flusher"));
        }
    }

    [Fact]
    public void A_one_page_batch_of_a_clean_page_wakes_nobody()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });

        world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: true));

        Assert.DoesNotContain(world.Runtime.Pending, thread => thread.Name is "flusher" or "pdflush background_writeout");
    }
}
