using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The I/O-less throttle of 3.18 (the model's 3.19 era). balance_dirty_pages, on its way out:
/// "if (writeback_in_progress(bdi)) return; ... if (nr_reclaimable &gt; background_thresh)
/// bdi_start_background_writeback(bdi)", which wakes the disk's flusher; the flusher's
/// wb_writeback (for_background) stops once under the background threshold, and a later
/// dirtier over it wakes it again: a flusher that has finished can always be woken anew.
/// </summary>
public sealed class IoLessFlusherRewakeTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void A_dirtier_over_the_background_threshold_wakes_the_flusher_each_time_it_has_finished()
    {
        // 100 pages: thresholds 10 and 40, freerun ceiling 25, ratelimit_pages 16.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 0, clean: 40));

        // dd's 16th page: bdp_ratelimits 16 >= 16, a look at 16 dirty pages, under the freerun
        // ceiling; on the way out no writeback is in progress and 16 > 10: the flusher is
        // woken, and writes until the dirty pages are no more than 10.
        Write(world, file, 0, 16);
        world.RunAllPending();
        var afterFirst = world.Vmstat.NrFileDirty;
        Assert.InRange(afterFirst, 0, 10);

        // 16 more pages, the same look: afterFirst + 16 > 10 again, and the flusher, finished,
        // is woken a second time and brings them under the threshold again.
        Write(world, file, 16, 16);
        Assert.Equal(afterFirst + 16, world.Vmstat.NrFileDirty);
        world.RunAllPending();
        Assert.InRange(world.Vmstat.NrFileDirty, 0, 10);
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
