using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>Ptes of a shared mapping: stores, write faults, page_mkclean in writeback, and zapping.</summary>
public sealed class PageTableTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_store_faults_on_a_read_only_pte_then_goes_through_without_one(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        Assert.False(pte.Write);

        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.True(pte.Write);
        Assert.True(pte.Dirty);
        Assert.True(world.Page(0).Dirty);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
        var version = world.Page(0).Version;

        // Writable now: the next store changes the data and nothing else.
        world.Page(0).Dirty = false;
        world.Kernel.Vmstat.NrFileDirty--;
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        Assert.True(world.Page(0).Version > version);
        Assert.False(world.Page(0).Dirty);
    }

    [Fact]
    public void In_2_5_a_store_dirties_only_the_pte_and_no_silent_clean_counts_it()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        Assert.True(pte.Write); // maybe_mkwrite: writable from the first fault

        world.Run(() => world.Kernel.Memory.Store(vma, 0));

        Assert.True(pte.Dirty);
        Assert.False(world.Page(0).Dirty);
        Assert.Null(NoSilentClean.Check(world.Kernel));
    }

    [Fact]
    public void Munmap_moves_a_dirty_pte_into_PG_dirty()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        var references = world.Page(0).RefCount;

        world.Run(() => world.Kernel.Memory.Munmap(vma));

        Assert.True(world.Page(0).Dirty);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
        Assert.Equal(references - 1, world.Page(0).RefCount);
        Assert.Null(world.Mapping.IMmap);
        world.AssertInvariants();
    }

    [Fact]
    public void A_zap_that_drops_a_dirty_pte_is_caught_by_no_silent_clean()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5, Faults = new Faults { ZapDropsDirtyPte = true } });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        Assert.Null(NoSilentClean.Check(world.Kernel));

        world.Run(() => world.Kernel.Memory.Munmap(vma));

        Assert.Equal("page 0 of mapping of inode 1 is clean, unlocked and not under writeback, but holds v1 and the disk v0: nothing will write it", NoSilentClean.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Writeback_write_protects_the_ptes_and_writes_what_was_stored(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        var stored = world.Page(0).Version;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        world.CompleteAllIo();

        Assert.False(pte.Write);
        Assert.False(pte.Dirty);
        Assert.Equal(stored, world.Kernel.Device.StableVersion(world.Inode, 0));
        world.AssertInvariants();
    }

    [Fact]
    public void In_2_5_writeback_leaves_the_pte_writable_and_dirty()
    {
        var world = new World(pages: 1, dirty: true, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        world.CompleteAllIo();

        Assert.True(pte.Write);
        Assert.True(pte.Dirty);
    }

    [Fact]
    public void Truncate_zaps_the_ptes_of_the_pages_it_removes()
    {
        var world = new World(pages: 2, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        var gone = world.Page(1);
        world.Kernel.Memory.MapPage(vma, gone);

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.NotNull(vma.Lookup(0));
        Assert.Null(vma.Lookup(1));
        Assert.True(gone.Freed);
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_mkwrite_on_a_page_truncate_took_asks_for_a_retry()
    {
        var world = new World(pages: 2, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(1);
        Filemap.FolioGet(page); // the fault's reference
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.Equal(VmFault.NoPage, world.Run(() => ((IVmOperations)world.Fs).PageMkwrite(vma, page)));
        Assert.False(page.Locked);
    }

    [Fact]
    public void Generic_vm_ops_have_page_mkwrite_in_3_19_not_2_6_36()
    {
        Assert.False(new World(config: new KernelConfig { Era = KernelEra.V2_6_36 }).Fs is IVmOperations { HasPageMkwrite: true });
        Assert.True(new World(config: new KernelConfig { Era = KernelEra.V3_19 }).Fs is IVmOperations { HasPageMkwrite: true });
    }
}
