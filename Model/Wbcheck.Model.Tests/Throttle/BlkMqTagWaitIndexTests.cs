using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// blk_mq_get_tag's wait queue on 5.0 (branches wake24, wakefix24): bt_wait_ptr takes the
/// hardware queue's wait_index and moves it on, at each entry to the slow path and again after
/// each wake-up. On a bitmap of one tag, A sleeps on ws[0] and B on ws[1]; the free wakes A, a
/// third writer takes the tag before A looks, and A sleeps again on ws[2].
/// </summary>
public sealed class BlkMqTagWaitIndexTests
{
    [Fact]
    public void Each_sleep_takes_the_next_wait_queue_by_wait_index()
    {
        var runtime = new SleepScriptRuntime();
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V5_0,
            Machine = new Mm.Throttle.Machine { NrRequests = 1 },
        });
        Write(runtime, kernel, 1);
        runtime.Inner.RunPendingWhenBlocked = true;

        // A's first sleep: meanwhile B queues and stays asleep (nothing is run for it), then A's
        // sleep runs the holder's completion, which wakes A; before A looks, C takes the tag.
        runtime.BeforeSleep[0] = () =>
        {
            runtime.Inner.RunPendingWhenBlocked = false;
            Assert.Throws<WouldBlockException>(() => Write(runtime, kernel, 3));
            runtime.Inner.RunPendingWhenBlocked = true;
        };
        runtime.AfterSleep[0] = () => Write(runtime, kernel, 4);

        // C's completion wakes ws[1] (B), not A: A's second sleep never ends here.
        Assert.Throws<WouldBlockException>(() => Write(runtime, kernel, 2));

        Assert.Equal(["bitmap_tags ws[0].wait", "bitmap_tags ws[1].wait", "bitmap_tags ws[2].wait"], runtime.SleptOn);
        Assert.Equal(0, kernel.Device.InFlight);
    }

    /// <summary>A file of one dirty page, written back by a background pass run straight through.</summary>
    private static void Write(SleepScriptRuntime runtime, Kernel kernel, int ino)
    {
        var inode = kernel.CreateInode(ino, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        runtime.Inner.Run($"writer {ino}", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
    }
}
