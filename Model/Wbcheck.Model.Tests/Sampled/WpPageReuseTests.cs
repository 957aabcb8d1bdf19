namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_wp_page on a shared file page (wp_page_reuse, mm/memory.c 6.9; the "reuse:" label of
/// 2.6.20): under the pte lock the pte becomes writable and dirty at once,
/// maybe_mkwrite(pte_mkdirty(entry)), before the store through it is done.
/// </summary>
public sealed class WpPageReuseTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void The_write_fault_makes_the_pte_writable_and_dirty(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        Assert.False(pte.Write || pte.Dirty);

        world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));

        Assert.True(pte.Write);
        Assert.True(pte.Dirty);
        Assert.True(world.Page(0).Dirty);
    }
}
