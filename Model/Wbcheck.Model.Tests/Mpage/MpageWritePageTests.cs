using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Mpage;

/// <summary>
/// __mpage_writepage (fs/mpage.c, 4.9) on one page: which disk blocks the page's bio covers (from
/// its buffer heads, or from get_block up to the block holding i_size), what it does with a page
/// wholly past i_size, and clean_buffers after the page joins a bio.
/// </summary>
public sealed class MpageWritePageTests
{
    /// <summary>Each written bio as its first disk block and its length in blocks.</summary>
    private static List<(long Block, long Blocks)> Written(MpageRun run)
    {
        var sectorsPerBlock = run.Layout.BlockSize / BlockDevice.SectorSize;
        return [.. run.Log.Records.Where(r => r.Op == BioOp.Write).Select(r => (r.Sector / sectorsPerBlock, (long)(r.Sectors / sectorsPerBlock)))];
    }

    [Fact]
    public void A_page_with_buffers_goes_to_the_disk_blocks_its_buffers_map()
    {
        // Page 0's buffers map disk blocks 20-21 ("blocks[page_block++] = bh->b_blocknr"); page 1,
        // without buffers, maps 22-23 through get_block and continues the same bio.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-3 at 20\nbuffers 0 MDU MDU\ndirty 0-1\n"));

        Assert.Equal([(20L, 4L)], Written(run));
        Assert.Null(MpageBios.CheckContiguous(run));
    }

    [Fact]
    public void The_bio_of_a_page_with_buffers_leaves_them_clean()
    {
        // clean_buffers: the buffers the bio writes are written; left dirty, they would be written
        // again, and try_to_free_buffers could never free them.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-3 at 20\nbuffers 0 MDU MDU\ndirty 0-1\n"));

        var page = run.Inode.Mapping.Pages.Load(0)!;
        Assert.Empty(run.Log.Confused);
        Assert.All(page.Buffers!, bh => Assert.False(bh.Dirty, $"{bh} is still dirty"));
    }

    [Fact]
    public void The_block_holding_the_last_byte_of_the_file_is_written()
    {
        // i_size 1025 with 1 KiB blocks: byte 1024 is the only file byte in block 1, which
        // last_block = (i_size - 1) >> blkbits names; the page's bio covers blocks 0 and 1.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 1024\ni-size 1025\nextent 0-1 at 30\ndirty 0\n"));

        Assert.Equal([(30L, 2L)], Written(run));
    }

    [Theory]
    [InlineData(4096, 1)] // i_size at the start of page 1: page 1 is past it, offset 0
    [InlineData(6000, 2)] // i_size inside page 1: page 2 is past it, offset not 0
    public void A_page_wholly_past_i_size_is_not_written(long iSize, long pastEof)
    {
        // Truncate has set i_size and not yet removed the pages past it: "if (folio->index >
        // end_index || !offset) goto confused", and ->writepage drops the page unwritten.
        var run = MpageScenario.Prepare(LayoutParser.Parse("i-size 12288\nextent 0-2 at 40\ndirty 0-2\n"), BioOp.Write);
        run.Inode.Size = iSize;
        var runtime = (SequentialRuntime)run.Kernel.Runtime;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));
        runtime.RunAllPending();

        Assert.Contains(new ConfusedPage(pastEof, BioOp.Write, ConfusedReason.PastEof), run.Log.Confused);
        Assert.DoesNotContain(run.Log.Records, r => r.Pages.Contains(pastEof));
        var page = run.Inode.Mapping.Pages.Load(pastEof)!;
        Assert.False(page.Writeback || page.Locked, page.FlagString());
    }

    [Fact]
    public void A_dirty_page_whose_buffers_are_all_clean_ends_its_writeback_at_once()
    {
        // Its buffers were written by hand: mpage is confused (a buffer not dirty), and
        // __block_write_full_page finds nothing to submit, so "if (nr_underway == 0)" it ends
        // the page's writeback itself.
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-3 at 20\nbuffers 0 MU MU\ndirty 0\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));

        Assert.Equal([ConfusedReason.BufferNotDirtyOrUptodate], run.Log.Confused.Select(c => c.Reason));
        Assert.Empty(run.Log.Records);
        Assert.False(page.Writeback || page.Dirty || page.Locked, page.FlagString());
    }

    [Fact]
    public void A_page_written_by_its_one_buffer_stays_under_writeback_until_that_completes()
    {
        // One 4096-byte block, dirty and unmapped (stored to through mmap): mpage is confused,
        // ->writepage maps it and submits it; the page's writeback ends with that buffer's I/O.
        var run = MpageScenario.Prepare(LayoutParser.Parse("i-size 4096\nextent 0 at 20\nbuffers 0 DU\ndirty 0\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));

        Assert.Equal([ConfusedReason.UnmappedDirtyBuffer], run.Log.Confused.Select(c => c.Reason));
        Assert.True(page.Writeback);
        runtime.RunAllPending();
        Assert.False(page.Writeback);
    }

    [Fact]
    public void The_buffers_past_i_size_of_a_page_written_buffer_by_buffer_are_uptodate()
    {
        // __block_write_full_page: "if (block > last_block) { clear_buffer_dirty(bh);
        // set_buffer_uptodate(bh); }": block_write_full_page zeroed them.
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 5000\nextent 0-4 at 20\ndirty 0\nbuffers 1 DU - - -\ndirty 1\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(1)!;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));
        runtime.RunAllPending();

        Assert.All(page.Buffers!.Skip(1), bh => Assert.True(bh.Uptodate && !bh.Dirty, $"{bh}"));
    }
}
