using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __filemap_fdatawait_range (mm/filemap.c, 6.9; wait_on_page_writeback_range before) calls
/// cond_resched between its batches of pages under writeback: a voluntary preemption point, so
/// another thread may run while an fsync waits through a large file.
/// </summary>
public sealed class FdatawaitPreemptionTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void The_wait_for_writeback_may_be_preempted_between_batches(KernelEra era)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        runtime.Inner.Run("writeback", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity()));
        Assert.True(inode.Mapping.Pages.Load(0)!.Writeback);
        runtime.Points.Clear();

        runtime.Inner.Run("fsync", async () => await kernel.Filemap.FilemapFdatawaitRange(inode.Mapping, 0, WritebackControl.LLongMax));

        Assert.False(inode.Mapping.Pages.Load(0)!.Writeback);
        Assert.Contains((PointKind.Yield, new StepLabel(kernel.Names.PagevecLookupTag, 0)), runtime.Points);
    }
}
