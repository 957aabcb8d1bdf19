using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Mpage;

/// <summary>
/// do_mpage_readpage (fs/mpage.c, 4.9) as readahead drives it: the buffer_head get_block filled
/// is kept across the pages of one mpage_readpages (map_bh, first_logical_block), so a page whose
/// blocks lie in the run get_block already mapped takes them from it without asking again; and
/// each page goes into the read bio from its first byte (bio_add_page(bio, page, first_hole &lt;&lt;
/// blkbits, 0)), the hole at EOF zeroed rather than read.
/// </summary>
public sealed class MpageReadMappingTests
{
    /// <summary>Readahead of every page of the layout, with a get_block that records the file block it is asked for.</summary>
    private static (MpageRun Run, List<long> Asked) ReadAll(string layoutText)
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse(layoutText), BioOp.Read);
        var asked = new List<long>();
        async ValueTask<int> Recording(Inode inode, long block, BufferHead bh, bool create)
        {
            asked.Add(block);
            return await run.Fs.GetBlock(inode, block, bh, create);
        }

        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        runtime.Run("readahead", async () => run.Result = await run.Fs.Mpage.MpageReadpages(run.Inode.Mapping, run.Layout.PagesToRead, Recording));
        runtime.RunAllPending();
        return (run, asked);
    }

    [Theory]
    [InlineData("extent 0-15 at 40", new long[] { 0 })]
    [InlineData("extent 0-7 at 40\nextent 8-15 at 200", new long[] { 0, 8 })]
    public void Readahead_asks_get_block_only_where_the_run_it_mapped_ends(string extents, long[] expected)
    {
        var (run, asked) = ReadAll($"block-size 1024\ni-size 16384\n{extents}\n");

        Assert.Equal(expected, asked);
        Assert.All(run.Layout.PagesToRead, index => Assert.True(run.Inode.Mapping.Pages.Load(index)!.Uptodate));
        Assert.Null(MpageBios.CheckContiguous(run));
    }

    [Fact]
    public void A_read_bio_carries_each_page_from_its_first_byte_and_only_the_blocks_before_the_hole_at_eof()
    {
        // i_size 10000: page 2 holds file blocks 8-11, of which 8 and 9 are inside i_size.
        var (run, _) = ReadAll("block-size 1024\ni-size 10000\nextent 0-9 at 40\n");

        var vecs = run.Log.Records.Where(r => r.Bio is not null).SelectMany(r => r.Bio!.Vecs).ToList();
        Assert.Equal([(0L, 0, 4096), (1L, 0, 4096), (2L, 0, 2048)], vecs.Select(v => (v.Page.Index, v.Offset, v.Length)));
    }
}
