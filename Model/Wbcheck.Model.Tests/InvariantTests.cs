using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

public sealed class InvariantTests
{
    /// <summary>
    /// A page put into the mapping of an inode already cleared (clear_inode's BUG_ON(nrpages) saw
    /// it empty, docs/eras.md section 116), as a read or a fault racing the eviction would: the
    /// state check names it.
    /// </summary>
    [Fact]
    public void Evicted_mapping_empty_catches_a_page_added_after_the_eviction()
    {
        var world = new World(pages: 0);
        world.Inode.Nlink = 0;
        world.Run(() => world.Kernel.Vfs.Iput(world.Inode));
        Assert.Null(EvictedMappingEmpty.Check(world.Kernel));

        world.Kernel.Filemap.AddCachedPage(world.Mapping, 0, dirty: false);

        Assert.Equal("inode 1 was evicted, but its mapping still holds 1 page(s)", EvictedMappingEmpty.Check(world.Kernel));
    }

    [Fact]
    public void Coherence_catches_a_dirty_tag_left_on_a_page_under_writeback_that_is_clean()
    {
        var world = new World(pages: 1, config: new KernelConfig { Faults = new Faults { KeepDirtyTagOnWriteback = true } });
        Assert.Null(TagFlagCoherence.Check(world.Kernel));

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));

        Assert.Equal("page 0 of mapping of inode 1: unlocked, DIRTY tag set but PG_dirty clear", TagFlagCoherence.Check(world.Kernel));
    }

    [Fact]
    public void Accounting_catches_a_writeback_count_that_is_never_decremented()
    {
        var world = new World(pages: 1, config: new KernelConfig { Faults = new Faults { LeakWritebackCount = true } });
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        Assert.Null(Accounting.Check(world.Kernel));

        world.CompleteAllIo();

        Assert.Equal("NR_WRITEBACK is 1 but 0 page(s) are under writeback", Accounting.Check(world.Kernel));
    }

    [Fact]
    public void Accounting_allows_for_a_dirtying_between_its_flag_and_its_count()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        page.Dirty = true;
        page.DirtyPendingTag = true;

        Assert.Null(Accounting.Check(world.Kernel));
        Assert.Null(TagFlagCoherence.Check(world.Kernel));
        page.DirtyPendingTag = false;
        Assert.NotNull(Accounting.Check(world.Kernel));
        Assert.NotNull(TagFlagCoherence.Check(world.Kernel));
    }

    [Fact]
    public void Lock_order_monitor_catches_a_pass_that_locks_a_lower_page_after_a_higher_one()
    {
        var world = new World(pages: 4);
        var monitor = new LockOrderMonitor(world.Runtime);
        world.Kernel.Observers.Add(monitor);
        var wbc = WritebackControl.Background(16);

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(async () =>
        {
            monitor.WritebackPassStarted(world.Mapping, wbc);
            await world.Filemap.FolioLock(world.Page(3));
            await world.Filemap.FolioLock(world.Page(1));
        }));

        Assert.Equal("ascending lock order: T0(test) locked page 1 after page 3 in one writeback pass of mapping of inode 1", violation.Message);
    }

    [Fact]
    public void Lock_order_monitor_accepts_the_iterator_s_own_passes()
    {
        var world = new World(pages: 4);
        world.Kernel.Observers.Add(new LockOrderMonitor(world.Runtime));
        world.Mapping.WritebackIndex = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));

        Assert.All(world.Kernel.CachedPages(), p => Assert.True(p.Writeback));
    }

    [Fact]
    public void Truncate_monitor_catches_a_page_left_in_the_range()
    {
        var world = new World(pages: 2);
        var monitor = new TruncateMonitor();

        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 1, long.MaxValue));

        Assert.Equal("truncate and reclaim safety: page 1 of mapping of inode 1 is still cached after truncating pages 1..end", violation.Message);
    }
}
