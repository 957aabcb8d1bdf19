using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// write_cache_pages before writeback_iter (mm/page-writeback.c, 2.6.29 to 6.8) loops "while
/// (!done &amp;&amp; (index &lt;= end))": once a pass is done (nr_to_write spent by WB_SYNC_NONE,
/// or an error that ends it) it looks no more pages up, and returns.
/// </summary>
public sealed class ClassicPassEndTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V5_0, true)]
    public void A_done_pass_looks_no_more_pages_up(KernelEra era, bool failing)
    {
        // A pagevec of one page, so that every page after the first is in a lookup of its own.
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, BatchSize = 1 });
        var fs = new SimpleFs(kernel, failing ? new SimpleFsOptions { FailingPages = new HashSet<long> { 0 } } : SimpleFsOptions.Default);
        var inode = kernel.CreateInode(4, fs);
        for (var index = 0; index < 4; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        // Done after page 0: nr_to_write 1 spent, or page 0's error.
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = failing ? 16 : 1 };
        var result = 1;
        runtime.Inner.Run("flusher", async () => result = await kernel.PageWriteback.DoWritepages(inode.Mapping, wbc));

        Assert.Equal(failing ? Errno.ENOSPC : 0, result);
        Assert.Equal(1, runtime.Count(kernel.Names.PagevecLookupTag));
        Assert.All(new[] { 1L, 2L, 3L }, index => Assert.True(inode.Mapping.Pages.Load(index)!.Dirty, $"page {index}"));
    }
}
