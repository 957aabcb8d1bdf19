using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>100 pages of memory: background threshold 10. Passes of 4 pages, so their ends show.</summary>
public sealed class BackgroundWriteoutTests
{
    private static ThrottleWorld World(Faults? faults = null, int nrRequests = Machine.BlkdevMaxRq, KernelEra era = KernelEra.V6_9)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4, NrRequests = nrRequests }, faults: faults, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        return world;
    }

    [Fact]
    public void It_writes_pass_after_pass_until_under_the_background_threshold()
    {
        var world = World();
        world.AddFile(dirty: 30);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // 30, 26, 22, 18 and 14 are over 10: five passes; 10 is not (over it from 2.6.37, not at
        // or over: BackgroundThresholdStrictTests).
        Assert.Equal(10, world.Vmstat.NrFileDirty);
        Assert.Equal(20, world.PagesSubmitted);
    }

    [Fact]
    public void Under_the_threshold_it_does_nothing()
    {
        var world = World();
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal(0, world.PagesSubmitted);
    }

    [Fact]
    public void It_writes_at_least_the_pages_it_was_asked_for_even_under_the_threshold()
    {
        var world = World();
        world.AddFile(dirty: 8);

        world.Run(() => world.Throttle.BackgroundWriteout(5));

        // Two passes: the first leaves one page owed.
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(8, world.PagesSubmitted);
    }

    [Fact]
    public void A_pass_that_finds_less_to_write_than_asked_ends_it()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 12);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // One pass of up to 1024 pages wrote all 12; then it waited once and stopped.
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(12, world.PagesSubmitted);
        Assert.Equal(Fs.InodeState.None, file.State);
    }

    [Fact]
    public void Before_2_6_36_a_pass_cut_short_by_congestion_is_followed_by_another()
    {
        // 2.6.29: the last era whose writeback of inodes stops at a congested queue, with the
        // background threshold of the later eras.
        var world = World(nrRequests: 3, era: KernelEra.V2_6_29);
        world.AddFile(dirty: 3);
        world.AddFile(dirty: 20);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // The first pass filled the queue with the first file's 3 pages and stopped at the
        // second file (23 dirty to 20). Every later pass waited for the queue to drop below 3
        // before it could write its 4 pages: 16, 12, then 8, under the threshold.
        Assert.Equal(8, world.Vmstat.NrFileDirty);
        Assert.True(world.Kernel.Device.InFlight > 0);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, 7, 16)]
    [InlineData(KernelEra.V3_19, 8, 15)]
    [InlineData(KernelEra.V6_9, 8, 15)]
    public void From_2_6_36_a_congested_queue_does_not_cut_a_pass_short(KernelEra era, int dirtyLeft, int submitted)
    {
        var world = World(nrRequests: 3, era: era);
        world.AddFile(dirty: 3);
        world.AddFile(dirty: 20);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // 0d99519efef1 took the nonblocking check out of writeback of inodes: every pass writes
        // its pages, waiting for the queue rather than skipping the second file, so the passes
        // go on until under the threshold with no pass cut short. 2.6.36 shares 4 pages over a
        // pass (23, 19, 15, 11, then 7); from 3.1 each inode has a chunk of 4 of its own, so the
        // first pass writes the small file's 3 and 4 of the second (23, 16, 12, then 8).
        Assert.Equal(dirtyLeft, world.Vmstat.NrFileDirty);
        Assert.Equal(submitted, world.PagesSubmitted);
    }

    [Fact]
    public void Wakeup_pdflush_of_zero_pages_asks_for_every_dirty_page()
    {
        var world = World();
        world.AddFile(dirty: 8);

        Assert.Equal(0, world.Throttle.WakeupPdflush(0));
        world.RunAllPending();

        Assert.Equal(0, world.Vmstat.NrFileDirty);
    }

    [Fact]
    public void Work_handed_to_pdflush_is_refused_when_every_thread_is_busy()
    {
        var world = World();

        Assert.Equal(0, world.Throttle.WakeupPdflush(1));
        Assert.Equal(0, world.Throttle.WakeupPdflush(1));
        Assert.Equal(-1, world.Throttle.WakeupPdflush(1));
        Assert.Equal(2, world.Kernel.Pdflush.Busy);
        world.RunAllPending();

        Assert.Equal(0, world.Kernel.Pdflush.Busy);
    }

    [Fact]
    public void The_monitor_catches_background_writeout_that_goes_on_under_the_threshold()
    {
        var world = World(Faults.None with { BackgroundWriteoutUntilClean = true });
        world.AddFile(dirty: 30);

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Throttle.BackgroundWriteout(0)));

        Assert.Equal(BackgroundWriteoutMonitor.Name, violation.Invariant);
        Assert.Contains("began another pass with 10 dirty and unstable page(s), not over its threshold of 10", violation.Message);
    }
}
