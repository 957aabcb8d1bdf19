using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The write fault on a shared mapping (do_wp_page, wp_page_shared, fault_dirty_shared_page),
/// 2.5's msync, and the pte lock they take.
/// </summary>
public sealed class WriteFaultTests
{
    [Fact]
    public void Without_page_mkwrite_the_write_fault_dirties_the_page_itself()
    {
        // A vma whose vm_ops have no ->page_mkwrite: fault_dirty_shared_page's folio_mark_dirty
        // is the only thing that sets PG_dirty (3.19 on, under the page lock).
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps: null);
        world.Kernel.Memory.MapPage(vma, world.Page(0));

        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_write_fault_whose_pte_another_fault_made_writable_gives_back_its_reference(KernelEra era)
    {
        // "if (!pte_same(...)) { pte_unmap_unlock(); ... put_page(); return 0; }": the page's
        // references are the cache's and the pte's again, and the page is unlocked.
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(0);
        var pte = world.Kernel.Memory.MapPage(vma, page);
        var references = page.RefCount;
        pte.Write = true; // the other fault, while this one ran page_mkwrite without the pte lock

        world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));

        Assert.Equal(references, page.RefCount);
        Assert.False(page.Locked);
    }

    [Fact]
    public void In_2_5_msync_moves_a_dirty_pte_into_PG_dirty()
    {
        // filemap_sync_pte: "if (pte_dirty(pte) && ptep_test_and_clear_dirty(ptep)) set_page_dirty(page)".
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        Assert.False(world.Page(0).Dirty);

        world.Run(() => world.Kernel.Memory.Msync(vma, 0, 0));

        Assert.False(pte.Dirty);
        Assert.True(world.Page(0).Dirty);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
    }

    [Fact]
    public void Releasing_the_pte_lock_wakes_a_thread_waiting_for_it()
    {
        var world = new World(pages: 1, dirty: false);
        var memory = world.Kernel.Memory;
        var vma = memory.Mmap(world.Inode, world.Fs);
        world.Runtime.RunPendingWhenBlocked = true;
        world.Run(() => memory.PteLock(vma, new StepLabel("holder")));
        world.Runtime.Spawn("holder", () =>
        {
            memory.PteUnlock(vma);
            return Task.CompletedTask;
        });

        // The waiter sleeps on the lock; the holder runs and releases it, which must wake it.
        world.Run(() => memory.PteLock(vma, new StepLabel("waiter")));

        Assert.True(vma.PtlHeld);
        memory.PteUnlock(vma);
    }
}
