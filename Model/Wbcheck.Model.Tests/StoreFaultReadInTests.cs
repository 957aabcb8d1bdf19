using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

using static Wbcheck.Model.Tests.ReadInWorld;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A store's fault on a page that is not cached reads it in through -&gt;fault under the load's
/// locks, then calls -&gt;page_mkwrite (docs/eras.md section 129); ext4's -&gt;page_mkwrite holds
/// the lock its punch holds for writing: i_mmap_sem from 4.5 (ea3d7209ca01), the mapping's
/// invalidate_lock from 5.15 (d4f5258eae7b).
/// </summary>
public sealed class StoreFaultReadInTests
{
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void A_store_to_a_page_not_cached_reads_it_in_and_maps_it_writable_and_dirty(KernelEra era)
    {
        var (world, inode) = Uncached(era, 3);
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);

        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        var page = Assert.IsType<Mm.Page>(inode.Mapping.Pages.Load(0));
        var pte = Assert.IsType<Mm.Pte>(vma.Lookup(0));
        Assert.Same(page, pte.Page);
        Assert.Equal((true, true, true, false), (page.Uptodate, pte.Write, pte.Dirty, page.Locked));

        // 2.5.31 tracks no shared dirtiness: the pte's dirty bit reaches PG_dirty at unmap or msync.
        Assert.Equal(era.TracksSharedDirty(), page.Dirty);
    }

    /// <summary>The store's read-in takes the load's locks: ext4_filemap_fault's i_mmap_sem (4.5 to 5.14), filemap_fault's invalidate_lock (5.15 on).</summary>
    [Theory]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void A_store_that_reads_in_waits_for_a_punch_holding_the_eras_lock(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era }, fs: SimpleFsOptions.Default with { Ext4MmapSem = true });
        var inode = world.Kernel.CreateInode(1, world.Fs);
        var sem = world.Fs.FaultLock(inode) ?? inode.Mapping.InvalidateLock;
        HoldForWriting(world, sem);
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.Contains(sem.Name, blocked.Message, StringComparison.Ordinal);
        Assert.Null(inode.Mapping.Pages.Load(0));
    }

    /// <summary>
    /// ext4_page_mkwrite holds the punch's lock shared around block_page_mkwrite: a write fault on
    /// a read-only pte waits for a punch holding it in the 4.13 to 6.10 eras, only for a
    /// filesystem of the ext4 kind, and not with <see cref="Faults.PageMkwriteSkipsInvalidateLock"/>;
    /// before 4.5 it takes none.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, true, false, false)]
    [InlineData(KernelEra.V4_17, true, false, true)]
    [InlineData(KernelEra.V4_17, true, true, false)]
    [InlineData(KernelEra.V6_9, true, false, true)]
    [InlineData(KernelEra.V6_9, true, true, false)]
    [InlineData(KernelEra.V6_9, false, false, false)]
    public void Ext4s_page_mkwrite_waits_for_a_punch_holding_its_lock_from_4_5(KernelEra era, bool ext4, bool skips, bool waits)
    {
        var config = new KernelConfig { Era = era, Faults = new Faults { PageMkwriteSkipsInvalidateLock = skips } };
        var world = new World(pages: 1, dirty: false, config: config, fs: SimpleFsOptions.Default with { Ext4MmapSem = ext4, BlockPageMkwrite = true });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
        Assert.False(vma.Lookup(0)!.Write);
        var sem = world.Fs.FaultLock(world.Inode) ?? world.Mapping.InvalidateLock;
        HoldForWriting(world, sem);

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Memory.Store(vma, 0)));
            Assert.Contains(sem.Name, blocked.Message, StringComparison.Ordinal);
            Assert.False(world.Page(0).Dirty);
        }
        else
        {
            Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));
            Assert.True(world.Page(0).Dirty);
        }
    }
}
