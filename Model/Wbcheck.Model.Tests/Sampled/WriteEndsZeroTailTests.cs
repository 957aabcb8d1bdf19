using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// generic_perform_write copies the caller's bytes into the page (copy_page_from_iter_atomic
/// between -&gt;write_begin and -&gt;write_end) [R]; the model's write covers the whole page, so a
/// tail that truncate zeroed before (the partial page's zeroing past the new i_size) holds the
/// written data now, and the model's zero tail starts at the page's end again. A later shrink
/// must zero past its own i_size, which the EOF checks can see only if the page does not claim
/// zeros it no longer has (<see cref="GupWriteTailTests"/> is the pinned write's side).
/// </summary>
public sealed class WriteEndsZeroTailTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_buffered_write_over_a_page_truncate_zeroed_past_eof_ends_its_zero_tail(KernelEra era)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });
        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + 100));
        Assert.Equal(100, world.Page(1).ZeroFrom);

        world.Run(() => world.Filemap.GenericPerformWrite(world.Kernel.Open(world.Inode), 1));

        Assert.Equal((2L * Page.PageSize, true, Page.PageSize), (world.Inode.Size, world.Page(1).Dirty, world.Page(1).ZeroFrom));
    }
}
