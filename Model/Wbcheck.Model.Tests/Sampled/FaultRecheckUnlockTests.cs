namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// filemap_fault checks again under the page lock what it looked at before taking it: a page past
/// i_size now (truncate_setsize lowers i_size before it removes pages) is not mapped, and the fault
/// lets the page go, "folio_unlock(folio); folio_put(folio); return VM_FAULT_SIGBUS" [R]. Here the
/// page's lock is held when the fault comes; while the fault sleeps for it, another thread lowers
/// i_size to 0 and unlocks the page. The fault then maps nothing, and leaves the page unlocked
/// with the page cache's reference alone.
/// </summary>
public sealed class FaultRecheckUnlockTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_fault_that_finds_its_page_past_i_size_under_the_lock_unlocks_it(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(0);
        world.Run(() => world.Filemap.FolioLock(page));
        world.Runtime.Spawn("truncate", () =>
        {
            world.Inode.Size = 0;
            world.Filemap.FolioUnlock(page);
            return Task.CompletedTask;
        });

        Assert.False(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));

        Assert.Equal(0, world.Inode.Size);
        Assert.Null(vma.Lookup(0));
        Assert.False(page.Locked);
        Assert.Equal(1, page.RefCount);
    }
}
