using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The flusher's loop era by era (docs/flusher-loop.md). 100 pages of memory: background
/// threshold 10; passes of 4 pages. "fsync" stands for another thread writing a file back: it
/// holds I_SYNC (the model's I_LOCK) while the file has been dirtied again, and lets go when it
/// first gets to run, which is when the flusher waits (on the inode, or on the queue).
/// </summary>
public sealed class FlusherLoopTests
{
    private static ThrottleWorld World(KernelEra era, Faults? faults = null)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, faults: faults, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        world.Runtime.RunPendingOnTimedSleep = true;
        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        world.Kernel.Observers.Add(new FlusherLoopMonitor(world.Kernel));
        world.Kernel.Observers.Add(new WritebackBudget());
        return world;
    }

    /// <summary>Mark <paramref name="inode"/> as being written back by another thread, which lets go when it runs.</summary>
    private static void HeldByAnotherWriter(ThrottleWorld world, Inode inode)
    {
        inode.State |= InodeState.Lock;
        world.Kernel.Runtime.Spawn("fsync", () =>
        {
            inode.State &= ~InodeState.Lock;
            world.Kernel.Runtime.WakeAll(inode.StateQueue);
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_more_io_on_an_inode_another_thread_is_writing_is_requeued_and_written_after(KernelEra era)
    {
        var world = World(era);
        var file = world.AddFile(dirty: 30);
        HeldByAnotherWriter(world, file);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // The first pass skipped the file onto b_more_io and wrote nothing; the loop waited (the
        // queue in 2.6.29, the inode from 2.6.36), came back to it, and wrote passes of 4 until
        // under the threshold: 30, 26, ..., 10, then 6; from 2.6.37 until not over it: 30, 26,
        // ..., 14, then 10.
        var left = era.FlusherBackgroundTestIsStrict() ? 10 : 6;
        Assert.Equal(left, world.Vmstat.NrFileDirty);
        Assert.Equal(30 - left, world.PagesSubmitted);
    }

    [Fact]
    public void Before_more_io_background_writeout_gives_up_on_an_inode_another_thread_is_writing()
    {
        // 2.6.20's background_writeout: the pass wrote nothing, waited for the queue and stopped,
        // congestion not being what cut it short: the file stays over the threshold until the next
        // throttled dirtier or kupdate. The monitor does not hold this era to more_io.
        var world = World(KernelEra.V2_6_20);
        var file = world.AddFile(dirty: 30);
        HeldByAnotherWriter(world, file);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal(30, world.Vmstat.NrFileDirty);
        Assert.Equal(0, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void A_walk_that_does_not_requeue_a_skipped_inode_is_caught_when_the_loop_ends(KernelEra era)
    {
        var world = World(era, Faults.None with { NoRequeueIo = true });
        var file = world.AddFile(dirty: 30);
        HeldByAnotherWriter(world, file);

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Throttle.BackgroundWriteout(0)));

        Assert.Equal(FlusherLoopMonitor.Name, violation.Invariant);
        Assert.Contains("ended with 30 dirty and unstable page(s) (threshold 10, 0 page(s) owed) while inode 1, dirty since jiffy 0", violation.Message);
        Assert.Contains("should have gone to b_more_io", violation.Message);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void A_used_up_slice_goes_to_b_more_io_behind_the_other_files(KernelEra era)
    {
        var world = World(era);
        var first = world.AddFile(dirty: 20);
        var second = world.AddFile(dirty: 20);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // Each pass uses up its 4 pages on one file, which goes to b_more_io; queue_io splices
        // b_more_io in behind the inodes still to walk, so the files take turns: 40 to 8 in 8
        // passes, 4 from each file each round.
        Assert.Equal(8, world.Vmstat.NrFileDirty);
        Assert.Equal(4, DirtyPagesOf(first));
        Assert.Equal(4, DirtyPagesOf(second));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 6)]
    [InlineData(KernelEra.V2_6_36, 20)]
    [InlineData(KernelEra.V6_9, 10)]
    public void In_2_6_36_the_loop_leaves_what_was_dirtied_after_it_began(KernelEra era, int dirtyLeft)
    {
        var world = World(era);
        var file = world.AddFile(dirty: 30);
        var start = world.Jiffies;
        file.State |= InodeState.Lock;
        world.Kernel.Runtime.Spawn("fsync", () =>
        {
            // A tick later a second file is dirtied, then the first file's writer lets go.
            world.Kernel.Timers.Advance(1);
            world.AddFile(dirty: 20);
            file.State &= ~InodeState.Lock;
            world.Kernel.Runtime.WakeAll(file.StateQueue);
            return Task.CompletedTask;
        });

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // 2.6.36's wb_start is the loop's: the new file, dirtied after it, is never walked, and the
        // loop ends when the first file is clean, 20 pages over the threshold. 2.6.29 stops each
        // walk at what was dirtied after that walk began, 3.x each pass at its own jiffies: the
        // new file is written too, down to 6 (to 10 from 2.6.37, whose test is "over").
        Assert.True(world.Jiffies > start);
        Assert.Equal(dirtyLeft, world.Vmstat.NrFileDirty);
        if (era == KernelEra.V2_6_36)
        {
            Assert.Equal(0, DirtyPagesOf(file));
        }
    }

    private static int DirtyPagesOf(Inode inode)
    {
        var count = 0;
        for (var index = inode.Mapping.Pages.FindNext(0, long.MaxValue, Mm.XaMark.Dirty); index >= 0; index = inode.Mapping.Pages.FindNext(index + 1, long.MaxValue, Mm.XaMark.Dirty))
        {
            count++;
        }

        return count;
    }
}
