using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_truncate_page (fs/buffer.c, 2.6.36 and 6.9) of an EOF page that is not cached:
/// grab_cache_page makes it, and the block is read from the disk (ll_rw_block(REQ_OP_READ),
/// wait_on_buffer) before its tail is zeroed: an I/O the thread waits for, where another thread
/// may run, and after which the page is uptodate.
/// </summary>
public sealed class BlockTruncateReadTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void The_block_of_an_eof_page_not_cached_is_read_before_it_is_zeroed(KernelEra era)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);

        runtime.Inner.Run("truncate", async () => await fs.SetattrSize(inode, Page.PageSize + 512));

        Assert.Contains((PointKind.SubmitIo, new StepLabel("ll_rw_block", 1)), runtime.Points);
        Assert.True(inode.Mapping.Pages.Load(1)!.Uptodate);
    }
}
