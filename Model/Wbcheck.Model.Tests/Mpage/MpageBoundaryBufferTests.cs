using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Mpage;

/// <summary>
/// __mpage_writepage on a page that has buffers: a mapped buffer with BH_Boundary gives the
/// boundary block as the get_block path does ("if (buffer_boundary(bh)) { boundary_block =
/// bh-&gt;b_blocknr; boundary_bdev = bh-&gt;b_bdev; }") [R], so the bio is sent at the boundary and
/// the dirty indirect block written right after it (write_boundary_block).
/// </summary>
public sealed class MpageBoundaryBufferTests
{
    [Fact]
    public void A_boundary_buffer_of_a_page_with_buffers_writes_the_dirty_indirect_block_after_the_bio()
    {
        // mpage.c's ext2 file: 12 direct blocks, an indirect block on disk block 12 (dirty);
        // page 2 (blocks 8-11, the last a boundary) has its buffers, mapped, dirty, uptodate.
        var run = MpageScenario.Write(LayoutParser.Parse("""
            block-size 1024
            i-size 16384
            extent 0-11 at 0 boundary
            indirect 12 maps 12-15 dirty
            extent 12-15 at 13
            dirty 0-3
            buffers 2 MDU MDU MDU MDU
            """));

        var sectorsPerBlock = run.Layout.BlockSize / BlockDevice.SectorSize;
        var submitted = run.Log.Records.Select(r => $"{(r.Op == BioOp.Read ? "R" : "W")} {NumberRanges.Range(r.Sector / sectorsPerBlock, ((r.Sector + r.Sectors) / sectorsPerBlock) - 1)}");
        Assert.Equal(["W 0-11", "W 12", "W 13-16"], submitted);
        Assert.Equal(SubmitReason.BoundaryBlockWrite, run.Log.Records[1].Reason);
        Assert.False(run.Fs.Buffers.FindGetBlock(12)!.Dirty);
    }
}
