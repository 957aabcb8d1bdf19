using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

using static Wbcheck.Model.Tests.ReadInWorld;

namespace Wbcheck.Model.Tests;

/// <summary>
/// read(2) through the page cache (<see cref="Mm.Filemap.FilemapRead"/>; docs/eras.md section
/// 122): a page not cached is read in by readahead, zeros over a hole, nothing past EOF; from
/// 5.15 (730633f0b7f9) every way the read adds or fills a page waits for a punch holding the
/// mapping's invalidate_lock, before nothing does, ext4's i_mmap_sem included.
/// </summary>
public sealed class BufferedReadTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, 3)]
    [InlineData(KernelEra.V2_6_29, 3)]
    [InlineData(KernelEra.V4_17, 3)]
    [InlineData(KernelEra.V5_0, 3)]
    [InlineData(KernelEra.V6_9, 3)]
    [InlineData(KernelEra.V6_9, 0)]
    public void A_read_of_a_page_not_cached_reads_it_from_the_disk_and_leaves_it_cached(KernelEra era, long disk)
    {
        var (world, inode) = Uncached(era, disk);

        Assert.Equal(disk, world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));

        var page = Assert.IsType<Mm.Page>(inode.Mapping.Pages.Load(0));
        Assert.Equal((disk, true, false, false), (page.Version, page.Uptodate, page.Locked, page.Dirty));
    }

    [Fact]
    public void A_read_of_a_cached_page_copies_its_version_and_reads_nothing_from_the_disk()
    {
        var world = new World(pages: 1, dirty: true, config: new KernelConfig { Era = KernelEra.V6_9 });
        var before = world.Page(0).Version;

        Assert.Equal(before, world.Run(() => world.Kernel.Filemap.FilemapRead(world.Mapping, 0)));
        Assert.True(world.Page(0).Dirty);
    }

    [Fact]
    public void A_read_past_eof_reads_nothing_in()
    {
        var (world, inode) = Uncached(KernelEra.V6_9, 3);

        Assert.Null(world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 1)));
        Assert.Equal(0, inode.Mapping.NrPages);
    }

    /// <summary>
    /// A cached page that is not uptodate (inserted locked by another thread, whose read has not
    /// filled it) is locked and read by the read itself: filemap_update_page, page_not_up_to_date.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_cached_page_not_uptodate_is_read_under_its_lock(KernelEra era)
    {
        var (world, inode) = Uncached(era, 4);
        var page = Assert.IsType<Mm.Page>(world.Run(() => world.Kernel.Filemap.AddToPageCacheLru(inode.Mapping, 0)));
        world.Kernel.Filemap.FolioUnlock(page);
        Assert.False(page.Uptodate);

        Assert.Equal(4, world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));
        Assert.Equal((true, false), (page.Uptodate, page.Locked));
    }

    /// <summary>
    /// From 5.15 the read that must read a page in waits for a punch holding invalidate_lock, and
    /// so does the read of a cached page not uptodate (filemap_update_page); before, nothing waits,
    /// and a filesystem of the ext4 kind changes nothing (i_mmap_sem was its fault's). The fault
    /// <see cref="Faults.ReadSkipsInvalidateLock"/> takes the wait away.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, false, false)]
    [InlineData(KernelEra.V5_0, false, false)]
    [InlineData(KernelEra.V6_9, false, true)]
    [InlineData(KernelEra.V6_10, false, true)]
    [InlineData(KernelEra.V6_9, true, false)]
    public void From_5_15_a_read_that_reads_in_waits_for_invalidate_lock(KernelEra era, bool skips, bool waits)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era, Faults = new Faults { ReadSkipsInvalidateLock = skips } }, fs: SimpleFsOptions.Default with { Ext4MmapSem = true });
        var inode = world.Kernel.CreateInode(1, world.Fs);
        world.Kernel.Device.SetStableVersion(inode, 0, 3);
        HoldForWriting(world, inode.Mapping.InvalidateLock);
        if (world.Fs.FaultLock(inode) is { } mmapSem)
        {
            HoldForWriting(world, mmapSem);
        }

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));
            Assert.Contains("invalidate_lock", blocked.Message, StringComparison.Ordinal);
            Assert.Equal(0, inode.Mapping.NrPages);
        }
        else
        {
            Assert.Equal(3, world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));
        }

        // A cached uptodate page is copied under nothing.
        HoldForWriting(world, world.Mapping.InvalidateLock);
        Assert.Equal(world.Page(0).Version, world.Run(() => world.Kernel.Filemap.FilemapRead(world.Mapping, 0)));
    }

    /// <summary>
    /// From 5.15 filemap_update_page takes invalidate_lock before the page lock: a read of a
    /// cached page not uptodate waits for a punch holding it, and leaves the page unread; on 5.0
    /// nothing waits and the read fills the page.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_5_15_the_read_of_a_cached_page_not_uptodate_waits_for_invalidate_lock(KernelEra era, bool waits)
    {
        var (world, inode) = Uncached(era, 4);
        var page = Assert.IsType<Mm.Page>(world.Run(() => world.Kernel.Filemap.AddToPageCacheLru(inode.Mapping, 0)));
        world.Kernel.Filemap.FolioUnlock(page);
        HoldForWriting(world, inode.Mapping.InvalidateLock);

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));
            Assert.Contains("invalidate_lock", blocked.Message, StringComparison.Ordinal);
            Assert.Equal((false, false), (page.Uptodate, page.Locked));
        }
        else
        {
            Assert.Equal(4, world.Run(() => world.Kernel.Filemap.FilemapRead(inode.Mapping, 0)));
            Assert.True(page.Uptodate);
        }
    }

    /// <summary>
    /// From 5.15 filemap_create_folio (5.15's filemap_create_page) inserts and reads the read's
    /// own page under invalidate_lock: it waits for a punch holding it and inserts nothing; on 5.0
    /// it reads the page in. Called directly: the read reaches it only when readahead put no page
    /// there (an allocation failure, or a page that came and went meanwhile), and readahead takes
    /// the lock first.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_5_15_the_reads_own_page_waits_for_invalidate_lock(KernelEra era, bool waits)
    {
        var (world, inode) = Uncached(era, 4);
        HoldForWriting(world, inode.Mapping.InvalidateLock);

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Filemap.FilemapCreateFolio(inode.Mapping, 0)));
            Assert.Contains("invalidate_lock", blocked.Message, StringComparison.Ordinal);
            Assert.Equal(0, inode.Mapping.NrPages);
        }
        else
        {
            Assert.True(world.Run(() => world.Kernel.Filemap.FilemapCreateFolio(inode.Mapping, 0)));
            var page = Assert.IsType<Mm.Page>(inode.Mapping.Pages.Load(0));
            Assert.Equal((4L, true), (page.Version, page.Uptodate));
        }
    }

    /// <summary>The punch drops the page and frees the block: a read after it reads zeros.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void After_a_punch_a_read_of_the_range_reads_zeros(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era }, fs: SimpleFsOptions.Default with { Ext4MmapSem = true });
        world.Kernel.Device.SetStableVersion(world.Inode, 0, 2);

        world.Run(() => world.Fs.PunchHole(world.Inode, 0, 0));

        Assert.Equal(0, world.Run(() => world.Kernel.Filemap.FilemapRead(world.Mapping, 0)));
    }

    /// <summary>Each page of the read begins at the era's read loop: its cond_resched names it.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, "do_generic_mapping_read")]
    [InlineData(KernelEra.V3_19, "do_generic_file_read")]
    [InlineData(KernelEra.V5_0, "generic_file_buffered_read")]
    [InlineData(KernelEra.V6_9, "filemap_read")]
    public void The_read_loop_has_the_eras_name(KernelEra era, string name)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));

        runtime.Inner.Run("reader", async () => await kernel.Filemap.FilemapRead(inode.Mapping, 0));

        Assert.Equal(1, runtime.Count(name, 0));
    }
}
