using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The page lock of a fault, era by era (docs/page-tables.md, "The fault's page lock"): the fault
/// on a missing pte holds it only from d00806b18315 (2.6.23, the 2.6.29 era), and a write fault
/// whose -&gt;page_mkwrite returned the page locked dirties it before unlocking it from
/// b827e496c893 (2.6.30, the 2.6.36 era).
/// </summary>
public sealed class FaultPageLockTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, false)]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void A_fault_on_a_missing_pte_waits_for_a_held_page_lock_from_2_6_29_and_maps_past_it_before(KernelEra era, bool waits)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Run(() => world.Filemap.FolioLock(page)); // another task holds it (writeback, truncate)

        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
            Assert.Contains("PG_locked", blocked.Message, StringComparison.Ordinal);
            Assert.Null(vma.Lookup(0));
        }
        else
        {
            Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
            Assert.Same(page, vma.Lookup(0)?.Page);
            Assert.True(page.Locked); // still the other task's
        }
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_mkwrite_that_returns_the_page_locked_has_it_dirtied_before_anyone_else_can_lock_it(KernelEra era)
    {
        // A truncate waits to run at the first timed wait of the fault (where 2.6.29 waited for
        // the page lock to be free before dirtying); it notes whether the page is dirty by then.
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, new LockingMkwrite(world));
        world.Kernel.Memory.MapPage(vma, page);
        bool? dirtyWhenTruncated = null;
        world.Runtime.Spawn("truncate", async () =>
        {
            dirtyWhenTruncated = page.Dirty;
            await world.Kernel.Truncate.TruncateSetsize(world.Inode, 0);
        });

        _ = world.Run(() => world.Kernel.Memory.Store(vma, 0));
        world.CompleteAllIo();

        Assert.True(dirtyWhenTruncated);
        Assert.Null(page.Mapping);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    /// <summary>2.6.30's contract: lock the page, prepare it, return VM_FAULT_LOCKED (it marks nothing dirty itself).</summary>
    private sealed class LockingMkwrite(World world) : IVmOperations
    {
        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            await world.Filemap.FolioLock(page);
            return VmFault.Locked;
        }
    }
}
