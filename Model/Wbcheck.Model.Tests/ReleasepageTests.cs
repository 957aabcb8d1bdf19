using Wbcheck.Model.Fs;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Reclaim's try_to_release_page (filemap_release_folio on 6.9) for a page with buffers, handed
/// the reclaim's mask, and the ->releasepage of <see cref="SimpleFsOptions.JournalReleasepage"/>,
/// jbd's journal_try_to_free_buffers: a buffer whose write is over is unfiled and the page freed,
/// whatever the mask; a buffer the journal still holds keeps the page, at once, without waiting
/// for any commit (docs/eras.md section 128).
/// </summary>
public sealed class ReleasepageTests
{
    /// <summary>
    /// One clean page whose buffers the journalled ->writepage filed with the running
    /// transaction: written and its I/O complete, with the NOFS check installed.
    /// </summary>
    private static World Written(KernelEra era, Faults? faults = null, bool check = true)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None }, fs: new SimpleFsOptions { JournalReleasepage = true });
        world.Runtime.RunPendingWhenBlocked = true;
        if (check)
        {
            world.Kernel.Observers.Add(new NofsReclaimEntersNoFilesystem(world.Kernel));
        }

        Assert.Equal(0, world.Run(() => world.Filemap.FilemapWriteAndWaitRange(world.Mapping, 0, WritebackControl.LLongMax)));
        var page = world.Page(0);
        Assert.False(page.Dirty || page.Writeback);
        Assert.True(page.Buffers is [{ State: var state }] && state.HasFlag(BufferState.Jbd));
        return world;
    }

    /// <summary>The allocation's direct reclaim of page 0 from inside the filesystem's transaction (GFP_NOFS, or its scope from 4.12).</summary>
    private static ReclaimResult ReclaimUnderHandle(World world) =>
        world.Run(() => world.Fs.AllocateInTransaction(gfp => world.Kernel.Vmscan.ReclaimFolio(world.Page(0), kswapd: false, gfp)));

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Under_its_own_handle_reclaim_unfiles_the_written_back_buffer_and_frees_the_page(KernelEra era)
    {
        var world = Written(era);

        Assert.Equal(ReclaimResult.Freed, ReclaimUnderHandle(world));
        Assert.Null(world.Mapping.Pages.Load(0));
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Kswapd_s_gfp_kernel_frees_the_page_the_journal_no_longer_needs(KernelEra era)
    {
        var world = Written(era);
        var page = world.Page(0);

        Assert.Equal(ReclaimResult.Freed, world.Run(() => world.Kernel.Vmscan.ReclaimFolio(page, kswapd: true)));
        Assert.Null(world.Mapping.Pages.Load(0));
    }

    /// <summary>
    /// A filed buffer whose write is not over (locked) is still the journal's: ->releasepage
    /// says busy at once, with GFP_KERNEL too, and under the caller's own handle, where a wait
    /// for a commit would wait for that handle.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_buffer_the_journal_still_holds_keeps_the_page_without_waiting(KernelEra era)
    {
        var world = Written(era);
        var page = world.Page(0);
        var bh = Assert.Single(page.Buffers!);
        bh.State |= BufferState.Locked;

        Assert.False(world.Run(() => world.Fs.AllocateInTransaction(_ => world.Fs.Releasepage(page, Gfp.Kernel))));
        Assert.True(bh.State.HasFlag(BufferState.Jbd));
        Assert.Same(bh, Assert.Single(page.Buffers!));

        bh.State &= ~BufferState.Locked;
        Assert.True(world.Run(() => world.Fs.AllocateInTransaction(_ => world.Fs.Releasepage(page, Gfp.NoFs))));
        Assert.Null(page.Buffers);
    }

    [Fact]
    public void Try_to_free_buffers_keeps_busy_buffers_and_drops_idle_ones()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        var buffers = BufferHeads.CreateEmptyBuffers(page, Page.PageSize, BufferState.Uptodate | BufferState.Jbd);

        Assert.False(Filemap.TryToFreeBuffers(page));
        Assert.Same(buffers, page.Buffers);
        buffers[0].State = BufferState.Uptodate;
        Assert.True(Filemap.TryToFreeBuffers(page));
        Assert.Null(page.Buffers);
    }
}
