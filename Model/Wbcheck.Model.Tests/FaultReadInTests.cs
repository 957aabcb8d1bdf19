using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

using static Wbcheck.Model.Tests.ReadInWorld;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A read fault on a page that is not cached reads it in (docs/page-tables.md, "A fault that
/// reads a page in"; docs/eras.md section 111), and the era's lock against hole punching: none
/// before 4.5, ext4's i_mmap_sem around filemap_fault for a filesystem of its kind (4.5 to 5.14,
/// ea3d7209ca01), the mapping's invalidate_lock on the read-in path from 5.15 (730633f0b7f9).
/// </summary>
public sealed class FaultReadInTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, 3)]
    [InlineData(KernelEra.V2_6_20, 3)]
    [InlineData(KernelEra.V2_6_29, 3)]
    [InlineData(KernelEra.V4_17, 3)]
    [InlineData(KernelEra.V6_9, 3)]
    [InlineData(KernelEra.V6_9, 0)]
    public void A_load_of_a_page_not_cached_reads_it_from_the_disk_and_maps_it(KernelEra era, long disk)
    {
        var (world, inode) = Uncached(era, disk);
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);

        Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));

        var page = Assert.IsType<Mm.Page>(inode.Mapping.Pages.Load(0));
        Assert.Equal((disk, true, false, false), (page.Version, page.Uptodate, page.Locked, page.Dirty));
        Assert.Same(page, vma.Lookup(0)?.Page);
    }

    [Fact]
    public void A_load_past_eof_reads_nothing_in()
    {
        var (world, inode) = Uncached(KernelEra.V6_9, 3);
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);

        Assert.False(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 1)));
        Assert.Equal(0, inode.Mapping.NrPages);
    }

    /// <summary>
    /// From 5.15 the read-in waits for a punch holding invalidate_lock; a cached page is mapped
    /// under its page lock alone (mapping_locked stays false). Before, nothing waits.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_5_15_a_load_that_reads_in_waits_for_invalidate_lock_and_one_of_a_cached_page_does_not(KernelEra era, bool waits)
    {
        var (world, inode) = Uncached(era, 3);
        HoldForWriting(world, inode.Mapping.InvalidateLock);
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
            Assert.Contains("invalidate_lock", blocked.Message, StringComparison.Ordinal);
            Assert.Equal(0, inode.Mapping.NrPages);
        }
        else
        {
            Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
        }

        HoldForWriting(world, world.Mapping.InvalidateLock);
        var cached = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(cached, 0)));
    }

    /// <summary>
    /// ext4_filemap_fault holds i_mmap_sem shared around all of filemap_fault, a cached page's
    /// fault too, in the 4.13 to 5.0 eras (4.5 to 5.14), and only for a filesystem of its kind.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, true, false)]
    [InlineData(KernelEra.V4_17, true, true)]
    [InlineData(KernelEra.V5_0, true, true)]
    [InlineData(KernelEra.V5_0, false, false)]
    [InlineData(KernelEra.V6_9, true, false)]
    public void Ext4s_fault_waits_for_a_punch_holding_i_mmap_sem_from_4_5_to_5_14(KernelEra era, bool ext4, bool waits)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era }, fs: SimpleFsOptions.Default with { Ext4MmapSem = ext4 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var sem = world.Fs.FaultLock(world.Inode);
        Assert.Equal(waits, sem is not null);
        if (sem is null)
        {
            Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
            return;
        }

        HoldForWriting(world, sem);
        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
        Assert.Contains("i_mmap_sem", blocked.Message, StringComparison.Ordinal);
    }

    /// <summary>The punch drops the page and frees the block: a load after it reads zeros.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void After_a_punch_a_load_of_the_range_reads_zeros(KernelEra era)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era }, fs: SimpleFsOptions.Default with { Ext4MmapSem = true });
        world.Kernel.Device.SetStableVersion(world.Inode, 0, 2);
        world.Kernel.Device.SetStableVersion(world.Inode, 1, 2);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);

        world.Run(() => world.Fs.PunchHole(world.Inode, 0, 0));

        Assert.Null(world.Mapping.Pages.Load(0));
        Assert.Equal((0L, 2L), (world.Kernel.Device.StableVersion(world.Inode, 0), world.Kernel.Device.StableVersion(world.Inode, 1)));
        Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
        Assert.Equal(0, world.Page(0).Version);
        Assert.Null(world.Mapping.InvalidateLock.Writer);
    }

    /// <summary>2.5.31 has no range truncation: a punch is refused, naming truncate_inode_pages_range.</summary>
    [Fact]
    public void A_punch_is_refused_on_the_list_era()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 }, fs: SimpleFsOptions.Default with { Ext4MmapSem = true });

        var refused = Assert.Throws<KernelConfigException>(() => world.Run(() => world.Fs.PunchHole(world.Inode, 0, 0)));

        Assert.Same(EraSettings.TruncateRange, refused.Setting);
        Assert.Contains("truncate_inode_pages_range", refused.Message, StringComparison.Ordinal);
    }
}
