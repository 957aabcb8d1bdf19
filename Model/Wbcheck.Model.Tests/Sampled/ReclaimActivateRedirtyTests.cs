using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A -&gt;writepage that declines reclaim's write (shmem's and ramdisk's pattern:
/// redirty_page_for_writepage, then AOP_WRITEPAGE_ACTIVATE) [R]: pageout's
/// clear_page_dirty_for_io took the dirty bit before the call, so the filesystem must put it
/// back, or the page, its data never written, goes to the active list clean and may be freed.
/// </summary>
public sealed class ReclaimActivateRedirtyTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void A_page_the_filesystem_declines_to_write_for_reclaim_stays_dirty(KernelEra era)
    {
        var world = new World(pages: 1, fs: new SimpleFsOptions { ActivateForReclaim = true }, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        Filemap.FolioGet(page); // isolation

        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page));

        Assert.Equal(ReclaimResult.Activated, result);
        Assert.True(page.Dirty && !page.Writeback, page.FlagString());
        world.AssertInvariants();
    }
}
