using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// ext2's indirect block maps a range of file blocks, its last one included: mapping any of them
/// reads the indirect block (ext2_get_branch) [R], and a run of contiguous blocks that get_block
/// maps in one call stops where the indirect block changes. A layout's "indirect 30 maps 2-5"
/// puts blocks 2 to 5 behind disk block 30, and blocks 0, 1, 6 and 7 behind none.
/// </summary>
public sealed class BlockMapIndirectRangeTests
{
    [Fact]
    public void Every_block_of_the_range_the_last_included_is_mapped_through_the_indirect_block()
    {
        var map = new BlockMap(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-7 at 20\nindirect 30 maps 2-5\n"));

        Assert.Equal([null, null, 30L, 30, 30, 30, null, null], Enumerable.Range(0, 8).Select(b => map.IndirectOf(b)?.DiskBlock));
        Assert.True(map.RunContinues(4));
        Assert.False(map.RunContinues(5));
    }

    [Fact]
    public void A_hole_starts_no_run_even_when_the_next_block_is_disk_block_0()
    {
        // Block 0 a hole (disk -1, not allocated), block 1 reserved (new, not allocated either) at
        // disk block 0: -1 + 1 == 0 and the same kind must not read as a run.
        var map = new BlockMap(LayoutParser.Parse("block-size 1024\ni-size 2048\nextent 1-1 at 0 new\n"));

        Assert.Equal([-1L, 0], Enumerable.Range(0, 2).Select(b => map.DiskBlock(b)));
        Assert.False(map.RunContinues(0));
    }

    [Fact]
    public void A_run_may_start_at_disk_block_0()
    {
        var map = new BlockMap(LayoutParser.Parse("block-size 1024\ni-size 2048\nextent 0-1 at 0\n"));

        Assert.True(map.RunContinues(0));
    }
}
