using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// io_context batching on the legacy request path (2.6.20 to 4.20; branch queue23): on a queue
/// of two requests, the task whose allocation fills a list is a batcher and may take up to
/// 3 * 2 / 2 = 3 while its batch lasts (BLK_BATCH_TIME, 2 jiffies at the model's HZ of 100);
/// another task waits. blk-mq (5.0 on) has no batching: its tags are the bound. At a depth of 1
/// the cap is 1, so batching changes nothing there.
/// </summary>
public sealed class RequestBatchingTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void The_task_that_fills_a_list_takes_half_a_queue_more_and_another_task_waits(KernelEra era)
    {
        var (runtime, kernel) = Queue(era, nrRequests: 2);
        WriteFiles(runtime, kernel, "batcher", 3);

        Assert.Equal(3, kernel.Device.WriteRequests);
        Assert.Throws<WouldBlockException>(() => WriteFiles(runtime, kernel, "other", 1));

        // Nobody past 3 * nr_requests / 2, not even the batcher.
        Assert.Throws<WouldBlockException>(() => WriteFiles(runtime, kernel, "batcher again", 4));
        Assert.Equal(3, kernel.Device.WriteRequests);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    public void Without_batching_the_task_that_fills_a_list_waits_as_any_other(KernelEra era)
    {
        var (runtime, kernel) = Queue(era, nrRequests: 2, new Faults { RequestAllocationIgnoresBatching = true });

        Assert.Throws<WouldBlockException>(() => WriteFiles(runtime, kernel, "filler", 3));
        Assert.Equal(2, kernel.Device.WriteRequests);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V4_20)]
    public void A_batch_ends_after_BLK_BATCH_TIME(KernelEra era)
    {
        var (runtime, kernel) = Queue(era, nrRequests: 2);

        // The second write fills the list and starts the batch; two jiffies later it is over.
        Assert.Throws<WouldBlockException>(() => WriteFiles(runtime, kernel, "filler", 3, afterEach: index => kernel.Timers.Advance(index == 1 ? BlockDevice.BlkBatchTime : 0)));
        Assert.Equal(2, kernel.Device.WriteRequests);
    }

    /// <summary>
    /// A task with a fresh batch (as one just woken in get_request_wait has) writes three files
    /// below the near-full mark of a queue of four, then the fourth that fills it. 2.6's
    /// get_request has no io_context below the mark, so only the fourth takes from the batch;
    /// 3.x's has it from the start, so each does.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, 31)]
    [InlineData(KernelEra.V2_6_36, 31)]
    [InlineData(KernelEra.V3_19, 28)]
    [InlineData(KernelEra.V4_20, 28)]
    public void Before_3_x_an_allocation_below_the_near_full_mark_leaves_the_batch_whole(KernelEra era, int left)
    {
        var (runtime, kernel) = Queue(era, nrRequests: 4);
        IoContext? ioc = null;

        WriteFiles(runtime, kernel, "woken batcher", 4, first: () =>
        {
            ioc = kernel.Device.CurrentIoContext();
            kernel.Device.IocSetBatching(ioc);
        });

        Assert.Equal(4, kernel.Device.WriteRequests);
        Assert.NotNull(ioc);
        Assert.Equal(left, ioc.NrBatchRequests);
    }

    [Fact]
    public void Blk_mq_has_no_batching()
    {
        var (runtime, kernel) = Queue(KernelEra.V5_0, nrRequests: 2);

        Assert.Throws<WouldBlockException>(() => WriteFiles(runtime, kernel, "filler", 3));
        Assert.Equal(2, kernel.Device.InFlight);
    }

    private static (RecordingRuntime Runtime, Kernel Kernel) Queue(KernelEra era, int nrRequests, Faults? faults = null)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults ?? Faults.None,
            Machine = new Mm.Throttle.Machine { NrRequests = nrRequests },
        });
        return (runtime, kernel);
    }

    /// <summary>
    /// One task writes <paramref name="count"/> files of one dirty page each, one background pass
    /// each, their completions left pending; <paramref name="afterEach"/> runs after each pass
    /// (in the task, as time passing between its writes); <paramref name="first"/> runs in the
    /// task before its first write.
    /// </summary>
    private static void WriteFiles(RecordingRuntime runtime, Kernel kernel, string name, int count, Action<int>? afterEach = null, Action? first = null)
    {
        var inodes = Enumerable.Range(0, count).Select(_ =>
        {
            var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            return inode;
        }).ToList();
        runtime.Inner.Run(name, async () =>
        {
            first?.Invoke();
            for (var i = 0; i < inodes.Count; i++)
            {
                await kernel.PageWriteback.DoWritepages(inodes[i].Mapping, WritebackControl.Background(16));
                afterEach?.Invoke(i);
            }
        });
    }
}
