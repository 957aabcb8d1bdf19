using Wbcheck.Model.Fs;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Reclaim's try_to_release_page (filemap_release_folio on 6.9) for a page with buffers, handed
/// the reclaim's mask, and the ->releasepage of <see cref="SimpleFsOptions.JournalReleasepage"/>:
/// buffers the journal still holds are let go only by a commit, which the filesystem waits for
/// only with __GFP_FS. <see cref="Faults.ReleasepageIgnoresGfpFs"/> waits whatever the mask, and a
/// reclaim under the task's own handle then waits for itself.
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
    [InlineData(KernelEra.V2_6_20, ReclaimResult.Activated)]
    [InlineData(KernelEra.V2_6_36, ReclaimResult.Activated)]
    [InlineData(KernelEra.V4_13, ReclaimResult.Activated)]
    [InlineData(KernelEra.V6_9, ReclaimResult.Activated)]
    [InlineData(KernelEra.V2_5, ReclaimResult.Kept)]
    public void Under_its_own_handle_reclaim_leaves_the_journal_s_buffers_and_the_page(KernelEra era, ReclaimResult expected)
    {
        var world = Written(era);

        Assert.Equal(expected, ReclaimUnderHandle(world));
        Assert.Same(world.Page(0), world.Mapping.Pages.Load(0));
        Assert.NotNull(world.Page(0).Buffers);
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Kswapd_s_gfp_kernel_forces_the_commit_and_frees_the_page(KernelEra era)
    {
        var world = Written(era);
        var page = world.Page(0);

        Assert.Equal(ReclaimResult.Freed, world.Run(() => world.Kernel.Vmscan.ReclaimFolio(page, kswapd: true)));
        Assert.Null(world.Mapping.Pages.Load(0));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "->releasepage")]
    [InlineData(KernelEra.V2_6_29, "->releasepage")]
    [InlineData(KernelEra.V4_13, "->releasepage")]
    [InlineData(KernelEra.V6_9, "->release_folio")]
    public void A_releasepage_that_ignores_the_mask_is_caught_entering_the_filesystem_under_gfp_nofs(KernelEra era, string method)
    {
        var world = Written(era, new Faults { ReleasepageIgnoresGfpFs = true });

        var violation = Assert.Throws<InvariantViolationException>(() => ReclaimUnderHandle(world));

        Assert.Equal(NofsReclaimEntersNoFilesystem.Name, violation.Invariant);
        Assert.Contains($"without __GFP_FS (GFP_NOFS), called {method} (waiting for the journal's commit) of inode 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_check_the_releasepage_that_ignores_the_mask_waits_for_its_own_handle()
    {
        var world = Written(KernelEra.V2_6_36, new Faults { ReleasepageIgnoresGfpFs = true }, check: false);

        var blocked = Assert.ThrowsAny<Exception>(() => ReclaimUnderHandle(world));

        Assert.Contains("journal handle of fs", blocked.Message, StringComparison.Ordinal);
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
