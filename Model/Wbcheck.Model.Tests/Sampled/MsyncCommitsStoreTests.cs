namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Before the kernel tracked dirty shared pages (2.6.19), a store through a writable pte changed
/// the page and the pte's dirty bit only: what fsync owes the file is what msync's filemap_sync
/// moved into PG_dirty. So the stored data becomes owed (the page's committed version) at msync,
/// not at the store.
/// </summary>
public sealed class MsyncCommitsStoreTests
{
    [Fact]
    public void In_2_5_the_data_stored_through_a_mapping_is_owed_from_msync_on()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        var page = world.Page(0);
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        Assert.True(page.CommittedVersion < page.Version);

        world.Run(() => world.Kernel.Memory.Msync(vma, 0, 0));

        Assert.True(page.Dirty);
        Assert.Equal(page.Version, page.CommittedVersion);
    }
}
