using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Voluntary preemption points the kernel has and the model keeps as scheduling points, so that
/// another thread may run there: iput's might_sleep (a cond_resched under
/// CONFIG_PREEMPT_VOLUNTARY) before the reference is dropped, and the cond_resched that
/// do_writepages' -ENOMEM retry of an integrity pass takes before congestion_wait (4.12 to 5.15;
/// from 5.16 reclaim_throttle's sleep alone).
/// </summary>
public sealed class VoluntaryPreemptionTests
{
    [Fact]
    public void Iput_may_be_preempted_before_it_drops_the_reference()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime);
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        Assert.True(kernel.Vfs.Igrab(inode));
        var before = inode.Count;

        runtime.Inner.Run("close", async () => await kernel.Vfs.Iput(inode));

        Assert.Equal([(PointKind.Yield, new StepLabel("iput", inode.Ino))], runtime.Points);
        Assert.Equal(before - 1, inode.Count);
    }

    [Theory]
    [InlineData(KernelEra.V4_13, new[] { "cond_resched", "congestion_wait" })]
    [InlineData(KernelEra.V6_9, new[] { "reclaim_throttle" })]
    public void The_enomem_retry_of_an_integrity_pass_waits_at_the_eras_points(KernelEra era, string[] waits)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = era });
        var fs = new SimpleFs(kernel, new SimpleFsOptions { TransientEnomem = new Dictionary<long, int> { [0] = 1 } });
        var inode = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);

        runtime.Inner.Run("fsync", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity()));

        // The points between the failed ->writepage's pass and the retry's: the wait, nothing else.
        var labels = runtime.Points.Select(point => point.Label.Function).ToList();
        var enomemFrom = labels.IndexOf(waits[^1]) - (waits.Length - 1);
        Assert.True(enomemFrom > 0, string.Join(", ", labels));
        Assert.Equal(waits, labels.Skip(enomemFrom).Take(waits.Length));
        Assert.DoesNotContain(labels.Take(enomemFrom), label => label == "cond_resched" || label == "reclaim_throttle");
    }
}
