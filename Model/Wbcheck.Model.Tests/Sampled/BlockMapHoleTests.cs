using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The block map of a layout (ext2's block pointers, as BlockMap keeps them): a file block no
/// extent covers is a hole, with no disk block (-1), not disk block 0, which is a real block of
/// the device; the blocks of an extent are where the extent puts them.
/// </summary>
public sealed class BlockMapHoleTests
{
    [Fact]
    public void A_hole_has_no_disk_block()
    {
        var map = new BlockMap(LayoutParser.Parse("block-size 1024\ni-size 8192\nextent 2-5 at 7\n"));

        Assert.Equal([-1L, -1, 7, 8, 9, 10, -1, -1], Enumerable.Range(0, 8).Select(b => map.DiskBlock(b)));
    }
}
