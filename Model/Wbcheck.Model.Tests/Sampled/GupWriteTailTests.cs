using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A device writing into a page pinned by get_user_pages fills the whole page, then
/// set_page_dirty_lock (6.9, unpin_user_pages_dirty_lock) dirties it: a tail that was zeroed
/// before (zero_user_segment, as block_write_full_page does past i_size) holds the device's data
/// now, and the next writeback must write that data, not zeros (the model's zero tail starts at
/// the page's end again).
/// </summary>
public sealed class GupWriteTailTests
{
    [Fact]
    public void A_pinned_write_ends_the_page_s_zero_tail()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0)).Write = true;
        Highmem.ZeroUserSegment(world.Page(0), 100, Page.PageSize);

        world.Run(async () =>
        {
            var page = await world.Kernel.Gup.GetUserPages(vma, 0);
            await world.Kernel.Gup.SetPageDirtyLock(page!);
        });

        Assert.Equal((true, Page.PageSize), (world.Page(0).Dirty, world.Page(0).ZeroFrom));
    }
}
