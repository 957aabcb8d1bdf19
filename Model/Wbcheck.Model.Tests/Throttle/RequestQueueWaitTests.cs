using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The request queue's bound from 2.6.20 on (branch queue22): a submitter that finds every request
/// of its list (on blk-mq, every tag) taken sleeps until a completion frees one: get_request_wait
/// to 3.5, get_request's own loop from 3.6 to the legacy path's end, blk_mq_get_tag from 5.0.
/// From 2.6.30 the legacy lists are sync and async: a WB_SYNC_ALL write (REQ_SYNC) takes from
/// the sync list, and neither waits behind nor congests the async writes. Each write is a file of
/// one dirty page, its completion left pending until the test runs it; the queue holds one request.
/// </summary>
public sealed class RequestQueueWaitTests
{
    public static TheoryData<KernelEra, string, string> LegacyAndBlkMq => new()
    {
        { KernelEra.V2_6_20, "get_request_wait", "rl->wait[WRITE]" },
        { KernelEra.V2_6_29, "get_request_wait", "rl->wait[WRITE]" },
        { KernelEra.V2_6_36, "get_request_wait", "rl->wait[BLK_RW_ASYNC]" },
        { KernelEra.V3_19, "get_request", "rl->wait[BLK_RW_ASYNC]" },
        { KernelEra.V4_13, "get_request", "rl->wait[BLK_RW_ASYNC]" },
        { KernelEra.V4_17, "get_request", "rl->wait[BLK_RW_ASYNC]" },
        { KernelEra.V4_20, "get_request", "rl->wait[BLK_RW_ASYNC]" },
        { KernelEra.V5_0, "blk_mq_get_tag", "bitmap_tags ws[0].wait" },
        { KernelEra.V6_9, "blk_mq_get_tag", "bitmap_tags ws[0].wait" },
        { KernelEra.V6_10, "blk_mq_get_tag", "bitmap_tags ws[0].wait" },
    };

    [Theory]
    [MemberData(nameof(LegacyAndBlkMq))]
    public void A_write_that_finds_the_queue_full_sleeps_for_a_request(KernelEra era, string function, string queue)
    {
        var (runtime, kernel) = Queue(era);
        Write(runtime, kernel, WritebackSyncMode.None);

        var blocked = Assert.Throws<WouldBlockException>(() => Write(runtime, kernel, WritebackSyncMode.None));

        Assert.Equal(queue, blocked.Queue.Name);
        Assert.Equal(new StepLabel(function, 2), blocked.Label);
        Assert.Equal(1, kernel.Device.InFlight);
    }

    [Theory]
    [MemberData(nameof(LegacyAndBlkMq))]
    public void The_completion_that_frees_the_request_wakes_the_writer_and_the_queue_never_holds_more(KernelEra era, string function, string queue)
    {
        _ = (function, queue);
        var (runtime, kernel) = Queue(era);
        var inFlight = new ListEraRequestQueueTests.InFlightHighWater(kernel.Device);
        kernel.Observers.Add(inFlight);
        Write(runtime, kernel, WritebackSyncMode.None);
        runtime.Inner.RunPendingWhenBlocked = true;

        Write(runtime, kernel, WritebackSyncMode.None);
        Write(runtime, kernel, WritebackSyncMode.None);

        Assert.Equal(3, kernel.Device.SubmittedCount);
        Assert.Equal(1, kernel.Device.InFlight);
        Assert.Equal(1, inFlight.Highest);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void With_a_free_that_wakes_nobody_the_writer_sleeps_for_ever(KernelEra era)
    {
        var (runtime, kernel) = Queue(era, new Faults { FreedRequestWakesNobody = true });
        Write(runtime, kernel, WritebackSyncMode.None);
        runtime.Inner.RunPendingWhenBlocked = true;

        Assert.Throws<WouldBlockException>(() => Write(runtime, kernel, WritebackSyncMode.None));

        // The first write completed and freed its request; the second was never told.
        Assert.Equal(0, kernel.Device.InFlight);
    }

    /// <summary>
    /// From 2.6.30 an integrity write (REQ_SYNC) takes from the sync list: the async write that
    /// fills and congests the queue does not hold it up, and it neither congests nor clears the
    /// async list's bit. Before the split (2.6.29) and on blk-mq's shared tags (5.0) it waits.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V4_20, false)]
    [InlineData(KernelEra.V5_0, true)]
    public void From_2_6_30_a_sync_write_takes_from_its_own_list(KernelEra era, bool waits)
    {
        var (runtime, kernel) = Queue(era);
        Write(runtime, kernel, WritebackSyncMode.None);
        Assert.Equal(era.RequestQueueSetsCongested(), kernel.BackingDev.WriteCongested);

        if (waits)
        {
            Assert.Throws<WouldBlockException>(() => Write(runtime, kernel, WritebackSyncMode.All));
            return;
        }

        Write(runtime, kernel, WritebackSyncMode.All);
        Assert.Equal((2, 1, 1), (kernel.Device.InFlight, kernel.Device.WriteRequests, kernel.Device.SyncRequests));

        // The sync write's completion (the newer, run first) leaves the async bit set; the async one clears it.
        runtime.Inner.RunPending(1);
        Assert.True(kernel.BackingDev.WriteCongested);
        runtime.Inner.RunPending(0);
        Assert.False(kernel.BackingDev.WriteCongested);
    }

    /// <summary>
    /// congestion_wait(BLK_RW_ASYNC) from 2.6.30 sleeps on the async queue's wake-ups: with only a
    /// sync write in flight nothing ends it early, its whole timeout passes, and the write
    /// completes within it. 2.6.29's congestion_wait(WRITE) is ended by that write's completion.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, 0)]
    [InlineData(KernelEra.V2_6_36, Time.Timers.Hz / 10)]
    public void From_2_6_30_a_sync_write_does_not_end_a_congestion_wait(KernelEra era, long jiffies)
    {
        var (runtime, kernel) = Queue(era);
        Write(runtime, kernel, WritebackSyncMode.All);
        runtime.Inner.RunPendingWhenBlocked = true;

        runtime.Inner.Run("reclaimer", async () => await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10));

        Assert.Equal(jiffies, kernel.Timers.Jiffies);
        Assert.Equal(0, kernel.Device.InFlight);
    }

    /// <summary>
    /// Only the legacy request path marks the disk write-congested: the async write that takes
    /// the queue's one request sets the bit to 4.20; 5.0's blk-mq tag and 6.9's set nothing
    /// (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>), unless
    /// <see cref="Faults.BlkMqQueueSetsCongested"/> puts the model's old behaviour back.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, false, true)]
    [InlineData(KernelEra.V4_20, false, true)]
    [InlineData(KernelEra.V5_0, false, false)]
    [InlineData(KernelEra.V6_9, false, false)]
    [InlineData(KernelEra.V5_0, true, true)]
    public void Only_the_legacy_request_path_marks_the_disk_write_congested(KernelEra era, bool fault, bool congested)
    {
        var (runtime, kernel) = Queue(era, new Faults { BlkMqQueueSetsCongested = fault });

        Write(runtime, kernel, WritebackSyncMode.None);

        Assert.Equal(1, kernel.Device.WriteRequests);
        Assert.Equal(congested, kernel.BackingDev.WriteCongested);
    }

    /// <summary>
    /// congestion_wait(BLK_RW_ASYNC) with an async write in flight: on the legacy path (4.20) the
    /// write's free clears the bit and wakes the waiter, which the model lets take no time; on
    /// 5.0's blk-mq nothing clears the bit or wakes the waiter, so the whole timeout passes, the
    /// write completing within it (as with only sync writes in flight from 2.6.30, above).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_20, false, 0)]
    [InlineData(KernelEra.V5_0, false, Time.Timers.Hz / 10)]
    [InlineData(KernelEra.V5_0, true, 0)]
    public void From_5_0_an_async_write_does_not_end_a_congestion_wait(KernelEra era, bool fault, long jiffies)
    {
        var (runtime, kernel) = Queue(era, new Faults { BlkMqQueueSetsCongested = fault });
        Write(runtime, kernel, WritebackSyncMode.None);
        runtime.Inner.RunPendingWhenBlocked = true;

        runtime.Inner.Run("reclaimer", async () => await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10));

        Assert.Equal(jiffies, kernel.Timers.Jiffies);
        Assert.Equal(0, kernel.Device.InFlight);
    }

    private static (RecordingRuntime Runtime, Kernel Kernel) Queue(KernelEra era, Faults? faults = null)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults ?? Faults.None,
            Machine = new Mm.Throttle.Machine { NrRequests = 1 },
        });
        return (runtime, kernel);
    }

    /// <summary>One more write: a file of one dirty page, written by a pass of <paramref name="syncMode"/>.</summary>
    private static void Write(RecordingRuntime runtime, Kernel kernel, WritebackSyncMode syncMode)
    {
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var wbc = syncMode == WritebackSyncMode.All
            ? new WritebackControl { SyncMode = WritebackSyncMode.All, NrToWrite = long.MaxValue, RangeEnd = WritebackControl.LLongMax }
            : WritebackControl.Background(16);
        runtime.Inner.Run("writer", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, wbc));
    }
}
