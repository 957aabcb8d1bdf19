using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Mpage;

/// <summary>
/// The completions of mpage and buffer-head I/O, held in flight: a buffer read under way
/// (block_read_full_page, end_buffer_async_read, 4.9) and an mpage write that fails
/// (mpage_end_io's page_endio in 4.9; mpage_write_end_io's folio_set_error and
/// mapping_set_error until 6.9).
/// </summary>
public sealed class MpageCompletionTests
{
    /// <summary>
    /// block_read_full_page locks every buffer it will read and marks it async_read before it
    /// submits any; end_buffer_async_read unlocks the page only when no buffer of it is still
    /// async_read, and makes it uptodate when every buffer is. Page 0 (four 1 KB blocks, mapped)
    /// is read: while the four reads are in flight each buffer is locked and async_read; after
    /// the first completes the page is still locked and not uptodate; after the last it is both.
    /// </summary>
    [Fact]
    public void A_buffer_read_holds_the_page_locked_until_its_last_buffer_completes()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 10\ncached 0\n"), BioOp.Read);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;
        page.Uptodate = false;

        runtime.Run("read", async () =>
        {
            await run.Kernel.Filemap.FolioLock(page);
            await run.Fs.Buffers.BlockReadFullPage(page, run.Fs.GetBlock);
        });

        Assert.Equal(4, runtime.Pending.Count);
        Assert.All(page.Buffers!, bh => Assert.True(bh.Locked && bh.Has(BufferState.AsyncRead), bh.ToString()));

        runtime.RunPending(0);
        Assert.True(page.Locked && !page.Uptodate, page.FlagString());

        runtime.RunAllPending();
        Assert.True(!page.Locked && page.Uptodate, page.FlagString());
        Assert.All(page.Buffers!, bh => Assert.False(bh.Locked || bh.Has(BufferState.AsyncRead), bh.ToString()));
    }

    /// <summary>
    /// An mpage write bio that fails (-EIO for both pages of one extent): each page gets PG_error
    /// and its mapping the error (AS_EIO and wb_err, so the next fsync and filemap_check_errors
    /// report it), and its writeback ends: the page is left uptodate and clean, with PG_error.
    /// </summary>
    [Fact]
    public void A_failed_mpage_write_marks_each_page_and_its_mapping_with_the_error()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-3 at 10\ndirty 0-1\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        run.Kernel.Device.PossibleErrors = [Errno.EIO];
        runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        var mapping = run.Inode.Mapping;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = WritebackControl.LongMax }));
        runtime.RunAllPending();

        Assert.Equal([SubmitReason.EndOfPass], run.Log.Records.Select(r => r.Reason));
        Assert.All([0L, 1L], index => Assert.Equal("UE", mapping.Pages.Load(index)!.FlagString()));
        Assert.Equal(Errno.EIO, Filemap.FilemapCheckErrors(mapping));
    }
    /// <summary>
    /// A read that fails leaves the page cached, unlocked and not uptodate (end_buffer_async_read:
    /// PG_error, no PG_uptodate). A write of the whole page over it needs nothing from the disk:
    /// write_end makes it uptodate before it marks it dirty (simple_write_end's SetPageUptodate;
    /// __block_commit_write's for a buffer-head filesystem), as __folio_mark_dirty requires.
    /// </summary>
    [Fact]
    public void A_whole_page_write_over_a_page_whose_read_failed_makes_it_uptodate()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 10\ncached 0\n"), BioOp.Read);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;
        page.Uptodate = false;
        run.Kernel.Device.PossibleErrors = [Errno.EIO];
        runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        runtime.Run("read", async () =>
        {
            await run.Kernel.Filemap.FolioLock(page);
            await run.Fs.Buffers.BlockReadFullPage(page, run.Fs.GetBlock);
        });
        runtime.RunAllPending();
        Assert.Equal("E", page.FlagString());

        runtime.Run("write", async () => await run.Kernel.Filemap.GenericFileWriteIter(run.Kernel.Open(run.Inode), 0));

        Assert.True(page.Uptodate && page.Dirty, page.FlagString());
    }
}
