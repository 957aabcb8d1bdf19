using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A store to a missing pte takes one fault with write access (docs/page-tables.md, "The write
/// fault on a missing pte"): 2.6.20's do_no_page, 2.6.23 to 2.6.29's and b827e496c893's
/// __do_fault, 3.19 on do_shared_fault. -&gt;page_mkwrite runs before any pte is there, the pte
/// comes in writable and dirty, and the page is dirtied by the fault; 2.5.31's do_no_page only
/// made the pte writable and dirty.
/// </summary>
public sealed class SharedFaultTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_store_to_a_missing_pte_calls_page_mkwrite_once_before_any_pte_and_dirties_the_page(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vmOps = new RecordingMkwrite(world, returnLocked: era >= KernelEra.V2_6_36);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps);
        vmOps.Vma = vma;

        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        // A read fault then a write fault would have called it with the read-only pte in place.
        Assert.Equal([false], vmOps.PteWhenCalled);
        Assert.Equal([false], vmOps.LockedWhenCalled);
        var pte = vma.Lookup(0);
        Assert.True(pte is { Write: true, Dirty: true });
        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
    }

    [Fact]
    public void In_2_5_the_fault_with_write_access_makes_the_pte_writable_and_dirty_and_leaves_pg_dirty_clear()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps: null);
        var version = world.Page(0).Version;

        Assert.True(world.Run(() => world.Kernel.Memory.DoSharedFault(vma, 0)));

        // do_no_page's pte_mkdirty: the store comes after, through the writable pte.
        Assert.True(vma.Lookup(0) is { Write: true, Dirty: true });
        Assert.Equal(version, world.Page(0).Version);
        Assert.False(world.Page(0).Dirty);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_page_truncated_while_page_mkwrite_ran_unlocked_is_seen_when_the_fault_relocks_it(KernelEra era)
    {
        // "racy vs invalidate": the fault unlocks the page around ->page_mkwrite; truncate runs in
        // that window (here from inside the call) and the fault, locking the page again, finds
        // page->mapping gone and retries, finding nothing to map.
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, new TruncatingMkwrite(world));

        Assert.False(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.Null(vma.Lookup(0));
        Assert.Null(page.Mapping);
        Assert.False(page.Dirty);
        Assert.False(page.Locked);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    /// <summary>Notes, at each call, whether the page had a pte and was locked; returns as the era's contract says.</summary>
    private sealed class RecordingMkwrite(World world, bool returnLocked) : IVmOperations
    {
        public PageTable? Vma { get; set; }

        public List<bool> PteWhenCalled { get; } = [];

        public List<bool> LockedWhenCalled { get; } = [];

        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            PteWhenCalled.Add(Vma!.Lookup(page.Index) is not null);
            LockedWhenCalled.Add(page.Locked);
            if (!returnLocked)
            {
                return 0;
            }

            await world.Filemap.FolioLock(page);
            return VmFault.Locked;
        }
    }

    /// <summary>A -&gt;page_mkwrite during which the file is truncated to nothing; it returns 0, the page unlocked.</summary>
    private sealed class TruncatingMkwrite(World world) : IVmOperations
    {
        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            await world.Kernel.Truncate.TruncateSetsize(world.Inode, 0);
            return 0;
        }
    }
}
