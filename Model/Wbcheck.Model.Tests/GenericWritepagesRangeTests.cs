using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// generic_writepages of 2.6.20 over a range: pagevec_lookup_tag asks for "min(end - index,
/// (pgoff_t)PAGEVEC_SIZE-1) + 1" pages, a count rather than a range, so a pass over dense dirty
/// pages looks up exactly the pages of its range and locks none past it. And a page -&gt;writepage
/// declines (AOP_WRITEPAGE_ACTIVATE, page still locked) is unlocked by the walk.
/// </summary>
public sealed class GenericWritepagesRangeTests
{
    [Fact]
    public void A_ranged_pass_over_dense_dirty_pages_locks_none_past_its_end()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20 });
        var inode = kernel.CreateInode(6, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 6; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 0, RangeEnd = (2L << WritebackControl.PageShift) - 1 };
        var result = 1;
        runtime.Inner.Run("writeback", async () => result = await kernel.PageWriteback.DoWritepages(inode.Mapping, wbc));

        Assert.Equal(0, result);
        Assert.All(new[] { 0L, 1L }, index => Assert.True(inode.Mapping.Pages.Load(index)!.Writeback, $"page {index}"));
        Assert.Equal(0, runtime.Count(kernel.Names.LockPage, 2));
    }

    [Fact]
    public void A_page_writepage_declines_comes_back_dirty_and_unlocked()
    {
        // "if (unlikely(ret == AOP_WRITEPAGE_ACTIVATE)) unlock_page(page);" (2.6.20); the walk
        // records the positive return as -EIO and ends the pass.
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_6_20 }, fs: new SimpleFsOptions { DeclineBackgroundWriteback = true });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 }));

        Assert.True(world.Page(0).Dirty && !world.Page(0).Locked && !world.Page(0).Writeback, world.Page(0).FlagString());
        Assert.True(world.Page(1).Dirty && !world.Page(1).Locked, world.Page(1).FlagString());
        Assert.Equal(AddressSpaceFlags.Eio, world.Mapping.Flags & AddressSpaceFlags.Eio);
        world.AssertInvariants();
    }
}
