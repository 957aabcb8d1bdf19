using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// dirty_exceeded of a strictlimit disk at its own threshold. 3.18's balance_dirty_pages (the
/// model's 3.19) sets it when "(bdi_dirty &gt; bdi_thresh) &amp;&amp; ((nr_dirty &gt; dirty_thresh) ||
/// strictlimit)" [R; the strictlimit patch's hunk read in linux-mm's archive, V]: strictly over,
/// so a disk with exactly its share dirty is not exceeded; 4.2's dtc loop (4.13 on) keeps the
/// comparison. On an ordinary disk the edge cannot be reached (one disk: its share is at most the
/// threshold, which nr_dirty is over), so only strictlimit, judged by its own count, meets it.
/// </summary>
public sealed class StrictlimitExceededEdgeTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Theory]
    [InlineData(KernelEra.V3_19, 20, false)]
    [InlineData(KernelEra.V3_19, 21, true)]
    [InlineData(KernelEra.V4_13, 20, false)]
    [InlineData(KernelEra.V4_13, 21, true)]
    [InlineData(KernelEra.V6_9, 20, false)]
    [InlineData(KernelEra.V6_9, 21, true)]
    public void A_strictlimit_disk_with_exactly_its_share_dirty_is_not_dirty_exceeded(KernelEra era, int dirtyAtLook, bool exceeded)
    {
        // 100 pages, two CPUs: thresholds 10 and 40, ratelimit_pages 16. The disk has completed 4
        // pages (its share of completions is 1) and has max_ratio 50%: bdi_thresh 20, its
        // background share 5, its own freerun ceiling 12. bdi_stat_error is 2 x 8 x (1 + 1) = 32.
        var world = new ThrottleWorld(machine: new Machine { TotalPages = 100, OnlineCpus = 2 }, config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = true;
        world.Kernel.BackingDev.MaxRatio = 50;
        world.Throttle.WritebackSetRatelimitIoLess();
        var inode = world.AddFile(4);
        world.StartWriteback(inode, 4);
        world.RunAllPending();

        // Under 64 so that 3.19's step shift (dirty_ratelimit / (2 * step + 1) bits, the whole
        // rate when there is no step) stays defined.
        world.Throttle.Bdi.DirtyRatelimit = 50;

        // Another file's dirty pages, then dd's 16: bdp_ratelimits reaches 16 and dd looks at
        // dirtyAtLook dirty pages, over the disk's freerun ceiling. At or over bdi_thresh its
        // position ratio is 0: one pause, after which the disk's 20 or 21 dirty pages are within
        // bdi_stat_error and dd leaves, clearing dirty_exceeded only if its look did not set it.
        world.AddFile(dirtyAtLook - 16);
        var file = world.Kernel.Open(inode);
        world.Run(async () =>
        {
            for (var index = 4L; index < 20; index++)
            {
                await world.Kernel.Filemap.GenericFileWriteIter(file, index);
            }
        }, Dd);

        Assert.Equal(dirtyAtLook, world.Vmstat.NrFileDirty + world.Vmstat.NrWriteback);
        Assert.True(world.Jiffies > 0, "dd never paused: its look was not over the disk's freerun ceiling");
        Assert.Equal(exceeded, world.Throttle.DirtyExceeded);
    }
}
