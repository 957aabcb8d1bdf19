using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The second walk of a data-integrity -&gt;writepages that writes some pages in parts
/// (ext4_writepages, fs/ext4/inode.c, 3.16: mpage_prepare_extent_to_map over the pages still
/// tagged for the pass): it stays in the pass's range, returns the first error the whole call
/// met, and gives back the reference it took on each page.
/// </summary>
public sealed class PartialPagesWalkTests
{
    private static World In(SimpleFsOptions fs, int pages = 2) =>
        new(pages: pages, config: new KernelConfig { Era = KernelEra.V6_9 }, fs: fs);

    [Fact]
    public void A_ranged_integrity_pass_finishing_a_partial_page_writes_nothing_outside_its_range()
    {
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } });
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.All, RangeStart = Page.PageSize, RangeEnd = 2 * Page.PageSize - 1 };

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc)));

        // Page 1 written whole by the second walk, which ends at the range's end: page 0, dirty
        // and outside the range, is neither cleaned nor written.
        Assert.True(world.Page(1).Writeback);
        Assert.False(world.Page(1).Dirty);
        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Writeback);
        world.CompleteAllIo();
        Assert.Equal(0, world.Kernel.Device.StableVersion(world.Inode, 0));
    }

    [Fact]
    public void The_second_walk_gives_back_the_reference_it_took_on_each_page()
    {
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } });
        var references = world.Page(1).RefCount;

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        world.CompleteAllIo();

        Assert.False(world.Page(1).Dirty);
        Assert.Equal(references, world.Page(1).RefCount);
    }

    [Fact]
    public void An_integrity_pass_returns_the_first_error_when_its_second_walk_meets_others()
    {
        var world = In(new SimpleFsOptions
        {
            PartialPages = new HashSet<long> { 2 },
            FailingPages = new HashSet<long> { 0, 1 },
            FailingErrors = new Dictionary<long, int> { [1] = Errno.EIO },
        }, pages: 3);

        // The first pass fails page 0 (-ENOSPC) then page 1 (-EIO), both redirtied and still
        // tagged; the second walk meets them again, -ENOSPC first.
        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
    }

    [Fact]
    public void An_integrity_pass_returns_an_error_only_its_second_walk_met()
    {
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1 }, FailingPages = new HashSet<long> { 0 } });

        // A tagged background pass tags both pages, fails page 0 and stops there (background
        // writeback stops at the first error), leaving page 0 dirty and tagged TOWRITE and the
        // cyclic writeback index at page 1.
        var background = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeCyclic = true, TaggedWritepages = true };
        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, background)));
        Assert.Equal(1, world.Mapping.WritebackIndex);
        Assert.True(world.Marks(0).HasFlag(XaMark.Towrite));

        // A range_cyclic integrity pass: its first walk starts at page 1 and meets no error; its
        // second walk, over the whole file, meets page 0 still tagged and fails it. The call
        // returns that error.
        var integrity = new WritebackControl { SyncMode = WritebackSyncMode.All, RangeCyclic = true };
        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, integrity)));
        Assert.True(world.Page(0).Dirty);
    }

    [Fact]
    public void A_writepage_error_in_a_background_pass_is_recorded_on_the_mapping()
    {
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1 }, FailingPages = new HashSet<long> { 0 } });

        // No fsync is waiting for this error: the flusher's pass returns it to nobody, so it
        // must be recorded on the mapping (writepage_cb's mapping_set_error, 6.9) for the next
        // fsync to report.
        var background = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 };
        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, background)));

        Assert.Equal(Errno.ENOSPC, Filemap.FilemapCheckErrors(world.Mapping));
    }

    [Fact]
    public void The_second_walk_finishes_every_partial_page_even_adjacent_ones()
    {
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1, 2, 3 } }, pages: 4);

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        world.CompleteAllIo();

        Assert.All(Enumerable.Range(0, 4), index =>
        {
            Assert.False(world.Page(index).Dirty, $"page {index}");
            Assert.Equal(world.Page(index).Version, world.Kernel.Device.StableVersion(world.Inode, index));
        });
    }

    [Fact]
    public void A_page_the_filesystem_declines_leaves_no_error_on_the_mapping()
    {
        // AOP_WRITEPAGE_ACTIVATE is not an error: write_cache_pages unlocks the page and counts
        // it as written (error = 0). This filesystem records only a negative errno on the
        // mapping, as the model's writepage_cb (PageWriteback.WritepageCb) does; recorded, the
        // value would set AS_EIO and fail the next fsync.
        var world = In(new SimpleFsOptions { PartialPages = new HashSet<long> { 1 }, DeclineBackgroundWriteback = true });

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 })));

        Assert.True(world.Page(0).Dirty && world.Page(1).Dirty);
        Assert.Equal(0, Filemap.FilemapCheckErrors(world.Mapping));
        Assert.Equal(0, world.Mapping.WbErr.Error);
    }
}
