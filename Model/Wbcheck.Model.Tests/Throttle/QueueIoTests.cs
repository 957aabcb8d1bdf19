using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// b_io across walks (docs/flusher-loop.md, "The walk order"): from 3.1 queue_io refills b_io only
/// when it is empty, so what a walk left there is walked before anything dirtied since. 100 pages
/// of memory: background threshold 10, a chunk of 8 pages a file (an eighth of global_dirty_limit
/// 40, plus 4, rounded down to 4).
/// </summary>
public sealed class QueueIoTests
{
    private static ThrottleWorld World(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        world.Kernel.Observers.Add(new FlusherLoopMonitor(world.Kernel));
        world.Kernel.Observers.Add(new WritebackBudget());
        return world;
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_1_what_a_time_slice_left_on_b_io_is_walked_before_b_dirty_is_queued_again(KernelEra era)
    {
        var world = World(era);
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var second = disk.AddFile(dirty: 8);
        var third = disk.AddFile(dirty: 8);
        disk.TicksPerPage[slow] = 2;
        Inode? late = null;
        disk.AfterWrite = page =>
        {
            if (page.Mapping!.Host == slow && page.Index == 7)
            {
                late = disk.AddFile(dirty: 8);
            }
        };

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // 24 dirty pages over a threshold of 10. The first walk writes the slow file (16 ticks,
        // past HZ/10) and goes back to the loop with the two others still on b_io; a fourth file
        // is dirtied meanwhile, before the second walk begins. That walk takes what b_io holds and
        // nothing else, and the loop finds the fourth file's 8 pages, under the threshold, after it.
        // Queuing afresh, the second walk would have written the fourth file too.
        Assert.NotNull(late);
        Assert.Equal([slow, second, third], disk.Written);
        Assert.Equal(8, world.Vmstat.NrFileDirty);
        Assert.Equal(InodeState.DirtyPages, late!.State);
    }
}
