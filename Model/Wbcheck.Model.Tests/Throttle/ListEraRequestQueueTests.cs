using Wbcheck.Model.Block;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 2.5.31's writeback against a busy queue: writeback_control had no nonblocking field and the
/// block layer no congestion state (both came with nonblocking-pdflush, posted against 2.5.34), so the walk
/// never stopped at a congested queue; it submitted until __make_request found no free request
/// and slept in get_request_wait. background_writeout's "do { ... } while (nr_to_write &lt;= 0)"
/// ended after a short pass with no wait. 100 pages of memory (background threshold 10), passes
/// of 4 pages.
/// </summary>
public sealed class ListEraRequestQueueTests
{
    private static ThrottleWorld World(KernelEra era, int nrRequests = 128) =>
        new(new Machine { TotalPages = 100, MaxWritebackPages = 4, NrRequests = nrRequests },
            config: KernelConfig.Default with { Era = era });

    [Fact]
    public void In_2_5_31_a_short_pass_ends_background_writeout_without_a_wait()
    {
        var world = World(KernelEra.V2_5);
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(9));

        // Passes of 4, 4, then 1 (nr_to_write 3: the loop ends). No congestion_wait: no
        // completion has run and no time has passed.
        Assert.Equal(9, world.PagesSubmitted);
        Assert.Equal(9, world.Kernel.Device.InFlight);
        Assert.Equal(0, world.Jiffies);
    }

    [Fact]
    public void In_2_6_20_a_short_pass_waits_for_the_queue_first()
    {
        var world = World(KernelEra.V2_6_20);
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(20));

        // The first pass writes all 9 (write_cache_pages finishes its pagevec past nr_to_write);
        // min_pages is not spent, so a second pass finds nothing, and "wrote less than expected":
        // congestion_wait(HZ/10), which the first completion ends, then the loop ends.
        Assert.Equal(9, world.PagesSubmitted);
        Assert.Equal(8, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_a_congested_queue_does_not_cut_a_pass_short()
    {
        // A queue of 16 requests turns congested at 15 writes (nr - nr/8 + 1) and is full at 16.
        // 25 pages dirty, the background threshold 10: passes of 4 write the first file's 15
        // (4, 4, 4, then 3, whose last write congests the queue) and go on to the second's first
        // page in the same pass. 2.6.20 to 2.6.36's walk would stop at the second inode there
        // (15 written, 10 dirty, and the short pass ends 2.5.31's loop).
        var world = World(KernelEra.V2_5, nrRequests: 16);
        world.AddFile(dirty: 15);
        world.AddFile(dirty: 10);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal(9, world.Vmstat.NrFileDirty);
        Assert.Equal(16, world.PagesSubmitted);
        Assert.Equal(16, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_a_walk_that_finds_the_queue_full_sleeps_in_get_request_wait()
    {
        var world = World(KernelEra.V2_5, nrRequests: 2);
        world.Runtime.RunPendingWhenBlocked = false;
        world.AddFile(dirty: 3);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 };

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc)));

        Assert.Equal("rl->wait[WRITE]", blocked.Queue.Name);
        Assert.Equal(new StepLabel("get_request_wait", 3), blocked.Label);
        Assert.Equal(2, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_the_walk_goes_on_as_completions_free_requests_and_never_has_more_in_flight_than_the_queue_holds()
    {
        var world = World(KernelEra.V2_5, nrRequests: 2);
        var inFlight = new InFlightHighWater(world.Kernel.Device);
        world.Kernel.Observers.Add(inFlight);
        world.AddFile(dirty: 5);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        Assert.Equal(5, world.PagesSubmitted);
        Assert.Equal(0L, world.Vmstat.NrFileDirty);
        Assert.Equal(2, inFlight.Highest);
    }

    /// <summary>The most bios in flight seen at any submission.</summary>
    internal sealed class InFlightHighWater(BlockDevice device) : IKernelObserver
    {
        public int Highest { get; private set; }

        public void BioSubmitted(Bio bio) => Highest = Math.Max(Highest, device.InFlight);
    }
}
