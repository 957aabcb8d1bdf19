using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The setattr order from 2.6.36 (ext2_setsize, xfs_setattr_size: block_truncate_page, then
/// truncate_setsize): nothing holds the EOF page between block_truncate_page's unlock and
/// i_size_write, so another thread (a flusher writing the page with the old i_size) may run
/// there; the model keeps that window as a scheduling point, which vmtruncate's order (2.6.20:
/// i_size first, then -&gt;truncate) does not have.
/// </summary>
public sealed class SetattrWindowTests
{
    private static RecordingRuntime Truncate(KernelEra era)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);

        runtime.Inner.Run("truncate", async () => await fs.SetattrSize(inode, Page.PageSize + 512));

        Assert.Equal(Page.PageSize + 512, inode.Size);
        return runtime;
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Another_thread_may_run_between_block_truncate_page_and_i_size_write(KernelEra era)
    {
        var points = Truncate(era).Points;

        var window = points.IndexOf((PointKind.Yield, new StepLabel("truncate_setsize")));
        Assert.True(window > 0, string.Join(", ", points.Select(p => p.Label)));
    }

    [Fact]
    public void Vmtruncate_sets_i_size_first_and_has_no_such_window()
    {
        Assert.DoesNotContain((PointKind.Yield, new StepLabel("truncate_setsize")), Truncate(KernelEra.V2_6_20).Points);
    }
}
