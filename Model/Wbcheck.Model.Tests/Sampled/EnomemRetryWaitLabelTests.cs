using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_writepages of 6.9: a WB_SYNC_ALL call whose -&gt;writepages got a transient -ENOMEM
/// waits "reclaim_throttle(NODE_DATA(numa_node_id()), VMSCAN_THROTTLE_WRITEBACK)" before it
/// retries, and reclaim_throttle's timeout for VMSCAN_THROTTLE_WRITEBACK is HZ/10: the wait
/// point a trace shows carries those 10 jiffies (HZ 100), as the clock does.
/// </summary>
public sealed class EnomemRetryWaitLabelTests
{
    [Fact]
    public void The_retry_waits_reclaim_throttle_for_a_tenth_of_a_second()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = KernelEra.V6_9 });
        var fs = new SimpleFs(kernel, new SimpleFsOptions { TransientEnomem = new Dictionary<long, int> { [0] = 1 } });
        var inode = kernel.CreateInode(0, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);

        runtime.Inner.Run("fsync", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity()));

        Assert.Equal([Timers.Hz / 10], runtime.Points.Where(point => point.Label.Function == "reclaim_throttle").Select(point => point.Label.Arg));
        Assert.Equal(10L, kernel.Timers.Jiffies);
    }
}
