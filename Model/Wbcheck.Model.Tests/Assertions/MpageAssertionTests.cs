using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// The assertions of fs/buffer.c and fs/mpage.c, each driven to fire on a prepared file. (Three
/// cannot fire: submit_bh_wbc's, and __mpage_writepage's "mapped no block" and "already under
/// writeback"; the comment at each says why.)
/// </summary>
public sealed class MpageAssertionTests
{
    /// <summary>Two dirty pages of 1 KB blocks, mapped in one extent, nothing written yet.</summary>
    private static MpageRun File() =>
        MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-7 at 10\ndirty 0-1\n"), BioOp.Write);

    private static void Run(MpageRun run, Func<ValueTask> operation) =>
        ((SequentialRuntime)run.Kernel.Runtime).Run("test", async () => await operation());

    private static Page Page0(MpageRun run) => run.Inode.Mapping.Pages.Load(0)!;

    private static ValueTask<int> Writeback(MpageRun run) =>
        run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity());

    [Fact]
    public void Writing_a_buffer_smaller_than_a_block_is_a_kernel_bug()
    {
        var run = File();
        var page = Page0(run);
        Run(run, () => run.Kernel.Filemap.FolioLock(page));
        var bh = BufferHeads.CreateEmptyBuffers(page, 512, BufferState.Dirty | BufferState.Uptodate)[0];

        Fired.Bug("__block_write_full_page", $"{bh} of page 0 is not one block long", () => Run(run, async () =>
            await run.Fs.Buffers.BlockWriteFullPage(page, run.Fs.GetBlock, WritebackControl.Integrity())));
    }

    [Fact]
    public void Writing_a_page_whose_buffer_is_locked_is_a_kernel_bug()
    {
        var run = File();
        var page = Page0(run);
        Run(run, () => run.Kernel.Filemap.FolioLock(page));
        var buffers = BufferHeads.CreateEmptyBuffers(page, 1024, BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate);
        buffers[2].Set(BufferState.Locked);
        var bh = buffers[2].ToString();

        Fired.Bug("__block_write_full_page", $"{bh} of page 0 is locked", () => Run(run, async () =>
            await run.Fs.Buffers.BlockWriteFullPage(page, run.Fs.GetBlock, WritebackControl.Integrity())));
    }

    [Fact]
    public void Writing_a_page_already_under_writeback_by_buffers_is_a_kernel_bug()
    {
        var run = File();
        var page = Page0(run);

        Fired.Bug("__block_write_full_page", "page 0 is already under writeback", () => Run(run, async () =>
        {
            await run.Kernel.Filemap.FolioLock(page);
            await run.Kernel.PageWriteback.FolioStartWriteback(page);
            await run.Fs.Buffers.BlockWriteFullPage(page, run.Fs.GetBlock, WritebackControl.Integrity());
        }));
    }

    [Fact]
    public void Giving_a_page_buffers_twice_is_a_kernel_bug()
    {
        var page = Page0(File());
        BufferHeads.CreateEmptyBuffers(page, 1024, BufferState.None);

        Fired.Bug("create_empty_buffers", "page 0 already has buffers", () => BufferHeads.CreateEmptyBuffers(page, 1024, BufferState.None));
    }

    [Fact]
    public void Making_buffers_for_an_unlocked_page_is_a_kernel_bug()
    {
        var run = File();

        Fired.Bug("create_page_buffers", "page 0 is not locked", () => BufferHeads.CreatePageBuffers(Page0(run), run.Inode, BufferState.None));
    }

    [Fact]
    public void Reading_a_page_whose_buffer_is_locked_is_a_kernel_bug()
    {
        var run = File();
        var page = Page0(run);
        Run(run, () => run.Kernel.Filemap.FolioLock(page));
        var buffers = BufferHeads.CreateEmptyBuffers(page, 1024, BufferState.Mapped);
        buffers[1].Set(BufferState.Locked);
        var bh = buffers[1].ToString();

        Fired.Bug("block_read_full_page", $"{bh} of page 0 is locked", () => Run(run, async () =>
            await run.Fs.Buffers.BlockReadFullPage(page, run.Fs.GetBlock)));
    }

    [Fact]
    public void Mpage_writing_a_page_whose_buffer_is_locked_is_a_kernel_bug()
    {
        var run = File();
        var page = Page0(run);
        var buffers = BufferHeads.CreateEmptyBuffers(page, 1024, BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate | BufferState.Locked);
        var bh = buffers[0].ToString();

        Fired.Bug("__mpage_writepage", $"{bh} of page 0 is locked", () => Run(run, async () => await Writeback(run)));
    }

    [Fact]
    public void Mpage_writing_a_page_without_buffers_that_is_not_uptodate_is_a_kernel_bug()
    {
        var run = File();
        Page0(run).Uptodate = false;

        Fired.Bug("__mpage_writepage", "page 0 has no buffers and is not uptodate", () => Run(run, async () => await Writeback(run)));
    }
}
