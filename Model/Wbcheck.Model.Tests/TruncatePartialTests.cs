using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>Truncating to a size inside a page: the page holding the new EOF stays, its tail is zeroed and its buffers past EOF dropped.</summary>
public sealed class TruncatePartialTests
{
    private const int Offset = 100;

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_page_holding_the_new_eof_stays_dirty_with_its_tail_zeroed(KernelEra era)
    {
        var world = new World(pages: 4, config: new KernelConfig { Era = era });
        world.Kernel.Observers.Add(new TruncateMonitor());
        var partial = world.Page(1);
        var references = partial.RefCount;

        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + Offset));

        Assert.Equal(Page.PageSize + Offset, world.Inode.Size);
        Assert.Same(partial, world.Mapping.Pages.Load(1));
        Assert.Null(world.Mapping.Pages.Load(2));
        Assert.Equal(Offset, partial.ZeroFrom);
        Assert.True(partial.Dirty);
        Assert.False(partial.Locked);
        Assert.Equal(2, world.Kernel.Vmstat.NrFileDirty);

        // find_lock_page's reference is dropped again: a leak would keep the page from ever being freed.
        Assert.Equal(references, partial.RefCount);
        world.AssertInvariants();
    }

    [Fact]
    public void The_partial_page_waits_for_its_writeback_before_zeroing()
    {
        var world = new World(pages: 2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + Offset)));

        Assert.Equal("PG_writeback of page 1", blocked.Queue.Name);
        Assert.Equal(Page.PageSize, world.Page(1).ZeroFrom);
    }

    /// <summary>A buffer that starts exactly at the new EOF is wholly past it (block_invalidate_folio: offset &lt;= curr_off).</summary>
    [Theory]
    [InlineData(1024 + Offset)]
    [InlineData(2048)]
    public void The_buffers_wholly_past_the_new_eof_are_discarded_and_the_one_holding_it_kept(int eof)
    {
        var world = new World(pages: 2);
        var buffers = BufferHeads.CreateEmptyBuffers(world.Page(1), 1024, BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate);

        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + eof));

        Assert.Equal([true, true, false, false], buffers.Select(bh => bh.Dirty && bh.Mapped));
        Assert.All(buffers, bh => Assert.True(bh.Uptodate));
    }

    [Fact]
    public void A_range_ending_inside_a_page_is_a_kernel_bug_before_3_11_and_unmodelled_after()
    {
        var old = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var current = new World(pages: 2);

        var bug = Assert.Throws<KernelBugException>(() => old.Run(() => old.Kernel.Truncate.TruncateInodePagesRange(old.Mapping, 0, Offset)));
        var unmodelled = Assert.Throws<UnmodelledPathException>(() => current.Run(() => current.Kernel.Truncate.TruncateInodePagesRange(current.Mapping, 0, Offset)));

        Assert.Contains("BUG_ON", bug.Message);
        Assert.Contains("partial_end", unmodelled.Message);
    }
}
