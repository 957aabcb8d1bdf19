using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The I/O-less throttle of 3.18 (the model's 3.19 era). balance_dirty_pages_ratelimited: while
/// the disk is dirty_exceeded, "ratelimit = min(ratelimit, 32 &gt;&gt; (PAGE_SHIFT - 10))", 8
/// pages with 4 KiB pages, so a task looks at dirty memory once it has dirtied 8, not before.
/// balance_dirty_pages starts with "bool dirty_exceeded = false", sets it only in a look over
/// the freerun ceiling, and on the way out "if (!dirty_exceeded &amp;&amp; bdi-&gt;dirty_exceeded)
/// bdi-&gt;dirty_exceeded = 0": a look under the ceiling clears the flag.
/// </summary>
public sealed class IoLessExceededLookTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    private static readonly TaskStruct Cp = new() { Comm = "cp", Cpu = 0 };

    [Fact]
    public void While_dirty_exceeded_a_task_looks_at_its_8th_page_and_a_freerun_look_clears_the_flag()
    {
        // 100 pages: thresholds 10 and 40, freerun ceiling 25, ratelimit_pages 16. 29 dirty
        // pages, then dd writes 16 more: bdp_ratelimits reaches 16, so it looks at 45 dirty
        // pages, over the ceiling and over the threshold, the disk over its share (0: no
        // completion yet): dirty_exceeded is set. global_dirty_limit is put above the threshold
        // so that its rate is not zero and it leaves after one look. That look reset CPU 0's
        // bdp_ratelimits (it was at ratelimit_pages).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 29));
        world.Throttle.Bdi.GlobalDirtyLimit = 60;
        Write(world, file, 29, 16, Dd);
        Assert.True(world.Throttle.DirtyExceeded);

        // The flusher brings dirty memory under the background threshold.
        world.RunAllPending();
        Assert.InRange(world.Vmstat.NrFileDirty + world.Vmstat.NrWriteback, 0, 10);

        // cp, a task that has dirtied nothing yet (nr_dirtied_pause at its start, 32), on the
        // same CPU: 7 pages are under the ratelimit of min(32, 8) = 8 (and bdp_ratelimits 7 <
        // 16): no look.
        Write(world, file, 45, 7, Cp);
        Assert.Equal(7, world.Throttle.DirtiedBy(Cp).NrDirtied);
        Assert.True(world.Throttle.DirtyExceeded);

        // The 8th: a look, under the freerun ceiling: nr_dirtied reset, dirty_exceeded cleared.
        Write(world, file, 52, 1, Cp);
        Assert.Equal(0, world.Throttle.DirtiedBy(Cp).NrDirtied);
        Assert.False(world.Throttle.DirtyExceeded);
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages, TaskStruct task) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, task);
}
