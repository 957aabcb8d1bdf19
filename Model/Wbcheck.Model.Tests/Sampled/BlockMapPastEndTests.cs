using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The block map past the file's last block: get_block of a block at or past the blocks the map
/// covers finds no mapping (a hole: no disk block, not allocated, no boundary), as it does for
/// a hole inside the file; the map never reads past its own blocks.
/// </summary>
public sealed class BlockMapPastEndTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void A_block_past_the_map_is_a_hole(long block)
    {
        var map = new BlockMap(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 0-7 at 7\n"));
        Assert.Equal(8, map.Blocks);
        Assert.True(map.IsAllocated(7));

        Assert.Equal((-1L, false, false), (map.DiskBlock(block), map.IsAllocated(block), map.IsBoundary(block)));
    }
}
