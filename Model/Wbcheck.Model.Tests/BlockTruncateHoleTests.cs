using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// block_truncate_page on a size raised past the old EOF: the block holding the new EOF lies
/// wholly past the old one, so get_block finds a hole ("a hole - nothing to do"), also when the
/// old EOF was on the page boundary just before it.
/// </summary>
public sealed class BlockTruncateHoleTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_size_raised_into_the_block_right_after_a_page_aligned_eof_touches_no_page(KernelEra era)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });
        var newSize = (2L * Page.PageSize) + 512;

        world.Run(() => world.Fs.SetattrSize(world.Inode, newSize));

        Assert.Equal(newSize, world.Inode.Size);
        Assert.Null(world.Mapping.Pages.Load(2));
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }
}
