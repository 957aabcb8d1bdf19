using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// truncate(2) through SimpleFs's -&gt;setattr: block_truncate_page takes a page reference from
/// grab_cache_page whether it finds the page or makes it, and drops it in every era, so the page
/// cache's is the only one left and the page is freed when it leaves the cache (a leaked
/// reference keeps it, a doubled put frees it while cached: free_page_is_bad). A size raised into
/// a block past the old EOF finds a hole there and does nothing.
/// </summary>
public sealed class SetattrSizeTests
{
    private const int Offset = 512;

    public static TheoryData<KernelEra, bool> ErasAndCaching => new()
    {
        { KernelEra.V2_6_20, true },
        { KernelEra.V2_6_20, false },
        { KernelEra.V2_6_36, true },
        { KernelEra.V2_6_36, false },
        { KernelEra.V6_9, true },
        { KernelEra.V6_9, false },
    };

    /// <summary>A file of two pages on disk, page 0 cached clean, page 1 cached clean or not at all.</summary>
    private static (World World, Inode Inode) TwoPages(KernelEra era, bool cached, Faults? faults = null)
    {
        var world = new World(pages: 0, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None });
        var inode = world.Kernel.CreateInode(2, world.Fs);
        world.Kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        if (cached)
        {
            world.Kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        }

        return (world, inode);
    }

    [Theory]
    [MemberData(nameof(ErasAndCaching))]
    public void The_block_truncate_leaves_the_page_with_the_page_caches_reference_alone(KernelEra era, bool cached)
    {
        var (world, inode) = TwoPages(era, cached);

        var oldSize = world.Run(() => world.Fs.SetattrSize(inode, Page.PageSize + Offset));

        Assert.Equal(2L * Page.PageSize, oldSize);
        var page = inode.Mapping.Pages.Load(1)!;
        Assert.Equal((1, false, true, Offset), (page.RefCount, page.Locked, page.Dirty, page.ZeroFrom));

        // Gone from the cache, the page goes back to the allocator: no reference was left behind.
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(inode, 1));
        Assert.True(page.Freed);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_size_raised_into_a_block_past_the_old_eof_finds_a_hole_and_touches_no_page(KernelEra era)
    {
        var (world, inode) = TwoPages(era, cached: true);

        world.Run(() => world.Fs.SetattrSize(inode, (3L * Page.PageSize) + Offset));

        Assert.Equal((3L * Page.PageSize) + Offset, inode.Size);
        Assert.Null(inode.Mapping.Pages.Load(3));
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_size_raised_inside_the_eof_block_zeroes_and_dirties_it_from_the_new_eof(KernelEra era)
    {
        var (world, inode) = TwoPages(era, cached: true);
        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(inode, Page.PageSize + 100));

        world.Run(() => world.Fs.SetattrSize(inode, Page.PageSize + Offset));

        var page = inode.Mapping.Pages.Load(1)!;
        Assert.Equal((true, 100, 1), (page.Dirty, page.ZeroFrom, page.RefCount));
    }

    /// <summary>
    /// A store through a mapping may put bytes past EOF into the last page after the truncate
    /// zeroed it: the storer's own, which writeback zeroes on their way to the disk. Told the
    /// version clock from before the truncate, the check lets that page's tail be and still
    /// judges its disk copy; a page read in unzeroed is still caught.
    /// </summary>
    [Fact]
    public void The_eof_block_check_lets_a_racing_stores_bytes_be_but_not_unzeroed_bytes_from_the_disk()
    {
        var (world, inode) = TwoPages(KernelEra.V6_9, cached: true);
        var check = new EofBlockZeroedOnDisk();
        var vma = world.Kernel.Memory.Mmap(inode, world.Fs);
        var clock = inode.VersionClock;
        world.Run(() => world.Fs.SetattrSize(inode, Page.PageSize + Offset));
        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 1)));

        Assert.Throws<InvariantViolationException>(() => check.Check(inode));
        check.Check(inode, clock);

        var (unzeroed, file) = TwoPages(KernelEra.V2_6_20, cached: false, new Faults { BlockTruncatePageSkipsZeroing = true });
        var before = file.VersionClock;
        unzeroed.Run(() => unzeroed.Fs.SetattrSize(file, Page.PageSize + Offset));
        var violation = Assert.Throws<InvariantViolationException>(() => check.Check(file, before));
        Assert.Contains($"its bytes {Offset}-{Page.PageSize - 1} past EOF are not zeroed", violation.Message);
    }
}
