using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The disk's request queue of <see cref="Mm.Throttle.Machine.NrRequests"/> requests and its
/// congestion: blk_queue_congestion_threshold's on and off thresholds (2.6.20 to 4.x), the bit set
/// by get_request at the on threshold and cleared by __freed_request below the off one, with the
/// waiters of congestion_wait woken only by such a free. Each write is a file of one dirty page
/// written by a background pass, its completion left pending until the test runs it.
/// </summary>
public sealed class QueueCongestionThresholdTests
{
    [Theory]
    [InlineData(128, 113, 103)]
    [InlineData(16, 15, 12)]
    [InlineData(8, 8, 6)]
    [InlineData(4, 4, 3)]
    [InlineData(2, 2, 1)]
    [InlineData(1, 1, 1)]
    public void The_thresholds_are_blk_queue_congestion_thresholds(int nrRequests, int on, int off)
    {
        var machine = new Mm.Throttle.Machine { NrRequests = nrRequests };

        Assert.Equal((on, off), (machine.CongestionOnThreshold, machine.CongestionOffThreshold));
    }

    [Fact]
    public void The_queue_turns_congested_at_the_on_threshold_and_back_only_below_the_off_threshold()
    {
        var (runtime, kernel) = Queue(nrRequests: 8);
        var congested = new List<bool>();
        for (var write = 0; write < 8; write++)
        {
            Write(runtime, kernel);
            congested.Add(kernel.BackingDev.WriteCongested);
        }

        // Complete them one by one, oldest first: 7, 6, 5 ... left.
        var afterCompletion = new List<bool>();
        while (runtime.Inner.Pending.Count > 0)
        {
            runtime.Inner.RunPending(0);
            afterCompletion.Add(kernel.BackingDev.WriteCongested);
        }

        Assert.Equal([false, false, false, false, false, false, false, true], congested);
        Assert.Equal([true, true, false, false, false, false, false, false], afterCompletion);
    }

    [Fact]
    public void A_queue_between_its_thresholds_keeps_what_it_was()
    {
        var (runtime, kernel) = Queue(nrRequests: 8);
        for (var write = 0; write < 7; write++)
        {
            Write(runtime, kernel);
        }

        // Seven in flight, rising: not congested (the on threshold is 8).
        Assert.False(kernel.BackingDev.WriteCongested);
        Write(runtime, kernel);
        runtime.Inner.RunPending(0);

        // Seven in flight, falling from eight: congested still (the off threshold is 6).
        Assert.Equal(7, kernel.Device.WriteRequests);
        Assert.True(kernel.BackingDev.WriteCongested);
    }

    [Fact]
    public void Congestion_wait_ends_at_the_completion_that_takes_the_queue_below_its_off_threshold()
    {
        var (runtime, kernel) = Queue(nrRequests: 8);
        for (var write = 0; write < 8; write++)
        {
            Write(runtime, kernel);
        }

        runtime.Inner.RunPendingWhenBlocked = true;
        runtime.Inner.Run("reclaimer", async () => await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10));

        // Woken by the third completion (5 left, under 6), not the first: the other 5 are pending.
        Assert.Equal(5, runtime.Inner.Pending.Count);
        Assert.False(kernel.BackingDev.WriteCongested);
        Assert.Equal(0, kernel.Timers.Jiffies);
    }

    [Fact]
    public void A_read_neither_congests_the_writes_nor_ends_their_congestion_wait()
    {
        var (runtime, kernel) = Queue(nrRequests: 1);
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        runtime.Inner.Run("reader", async () =>
        {
            var bio = new Bio(inode, (_, _) => { }) { Op = BioOp.Read };
            bio.AddPage(page);
            await kernel.Device.SubmitBio(bio);
        });

        Assert.Equal((1, 0), (kernel.Device.InFlight, kernel.Device.WriteRequests));
        Assert.False(kernel.BackingDev.WriteCongested);

        // With no write in flight, the whole timeout passes.
        runtime.Inner.Run("reclaimer", async () => await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10));
        Assert.Equal(Time.Timers.Hz / 10, kernel.Timers.Jiffies);
    }

    [Fact]
    public void With_a_clear_that_wakes_nobody_a_congestion_wait_never_ends()
    {
        var (runtime, kernel) = Queue(nrRequests: 1, new Faults { CongestionClearWakesNobody = true });
        Write(runtime, kernel);
        runtime.Inner.RunPendingWhenBlocked = true;

        Assert.Throws<WouldBlockException>(() =>
            runtime.Inner.Run("reclaimer", async () => await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10)));
        Assert.False(kernel.BackingDev.WriteCongested); // cleared, but nobody was told
    }

    private static (RecordingRuntime Runtime, Kernel Kernel) Queue(int nrRequests, Faults? faults = null)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V2_6_20,
            Faults = faults ?? Faults.None,
            Machine = new Mm.Throttle.Machine { NrRequests = nrRequests },
        });
        return (runtime, kernel);
    }

    /// <summary>One more write in flight: a file of one dirty page, written by a background pass.</summary>
    private static void Write(RecordingRuntime runtime, Kernel kernel)
    {
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
    }
}
