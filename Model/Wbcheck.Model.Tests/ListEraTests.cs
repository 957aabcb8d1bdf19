using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The list era (2.5): the four page lists and their moves, mpage_writepages walking io_pages (and,
/// with the fault, dirty_pages), called_for_sync, and filemap_fdatawait over locked_pages.
/// </summary>
public sealed class ListEraTests
{
    private static World In2_5(int pages = 3, bool dirty = false, Faults? faults = null, SimpleFsOptions? fs = null) =>
        new(pages, dirty, new KernelConfig { Era = KernelEra.V2_5, Faults = faults ?? Faults.None }, fs);

    private static long[] On(World world, PageListKind kind) => [.. world.Mapping.Lists.Pages(kind).Select(p => p.Index)];

    private static void Write(World world, params long[] indices)
    {
        var file = world.Kernel.Open(world.Inode);
        foreach (var index in indices)
        {
            world.Run(() => world.Filemap.GenericFileWriteIter(file, index));
        }
    }

    /// <summary>Records the pages each thread locks, in order.</summary>
    private sealed class LockLog : IKernelObserver
    {
        public List<long> Locked { get; } = [];

        public void PageLocked(Page page) => Locked.Add(page.Index);
    }

    [Fact]
    public void A_new_page_enters_clean_pages_and_dirtying_moves_it_to_the_head_of_dirty_pages_without_tags()
    {
        var world = In2_5();
        Assert.Equal([2, 1, 0], On(world, PageListKind.Clean));

        Write(world, 2, 0);

        Assert.Equal([0, 2], On(world, PageListKind.Dirty));
        Assert.Equal([1], On(world, PageListKind.Clean));
        Assert.All([0L, 1, 2], index => Assert.Equal(XaMark.None, world.Marks(index)));
        Assert.Equal(2, world.Kernel.Vmstat.NrFileDirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Writeback_splices_dirty_pages_onto_io_pages_and_writes_them_oldest_first_onto_locked_pages()
    {
        var world = In2_5(pages: 4);
        var log = new LockLog();
        world.Kernel.Observers.Add(log);
        Write(world, 2, 0, 3);
        log.Locked.Clear();

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));

        Assert.Equal([2, 0, 3], log.Locked);
        Assert.Empty(On(world, PageListKind.Io));
        Assert.Empty(On(world, PageListKind.Dirty));
        Assert.Equal([3, 0, 2], On(world, PageListKind.Locked));
        Assert.All([0L, 2, 3], index => Assert.True(world.Page(index).Writeback));
        world.AssertInvariants();
    }

    [Fact]
    public void Nr_to_write_ends_the_walk_and_leaves_the_rest_on_io_pages_for_the_next_pass()
    {
        var world = In2_5(pages: 3, dirty: true);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(1, KernelEra.V2_5)));

        Assert.Equal([0], On(world, PageListKind.Locked));
        Assert.Equal([2, 1], On(world, PageListKind.Io));
        world.AssertInvariants();
    }

    /// <summary>
    /// Walk the file (io_pages filled first, unless the fault removes them) with a -&gt;writepage
    /// that keeps each page locked, as a page waiting in an unsubmitted bio is, and redirties
    /// page 0 as a write fault would once it holds it. Returns the pages written, in order.
    /// </summary>
    private static List<long> WalkRedirtyingPage0(World world)
    {
        var written = new List<long>();
        var held = new List<Page>();
        try
        {
            world.Run(async () =>
            {
                if (!world.Kernel.Faults.WalkDirtyPagesWithoutIoPages)
                {
                    await world.Filemap.SpliceDirtyToIo(world.Mapping);
                }

                await world.Pw.WriteCachePages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5), async (page, _) =>
                {
                    written.Add(page.Index);
                    held.Add(page);
                    if (page.Index == 0)
                    {
                        await world.Pw.FilemapDirtyFolio(world.Mapping, page);
                    }

                    return 0;
                });
            });
        }
        finally
        {
            // The test thread still holds what it held when it would have slept: release it.
            held.ForEach(page => world.Filemap.FolioUnlock(page));
        }

        return written;
    }

    [Fact]
    public void With_io_pages_a_page_redirtied_in_the_walkers_bio_waits_on_dirty_pages_for_the_next_pass()
    {
        var world = In2_5(pages: 2, dirty: true);

        var written = WalkRedirtyingPage0(world);

        Assert.Equal([0, 1], written);
        Assert.Equal([0], On(world, PageListKind.Dirty));
        Assert.True(world.Page(0).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Without_io_pages_the_walk_comes_back_to_a_redirtied_page_it_holds_and_waits_on_itself()
    {
        var world = In2_5(pages: 2, dirty: true, faults: new Faults { WalkDirtyPagesWithoutIoPages = true });

        var blocked = Assert.Throws<WouldBlockException>(() => WalkRedirtyingPage0(world));

        Assert.Same(world.Page(0).LockQueue, blocked.Queue);
        Assert.Equal("lock_page(0) would block on PG_locked of page 0, held by T0(test)", blocked.Message);
    }

    /// <summary>
    /// Walk with a -&gt;writepage that, for each page it writes, has a writer append a new dirty
    /// page to the file: a dirtier that always keeps ahead. nr_to_write is the only bound left.
    /// </summary>
    private static int WalkWithAppender(World world, long nrToWrite)
    {
        var file = world.Kernel.Open(world.Inode);
        var next = world.Inode.SizePages;
        var written = 0;
        world.Run(async () =>
        {
            var wbc = WritebackControl.Integrity();
            wbc.NrToWrite = nrToWrite;
            if (!world.Kernel.Faults.WalkDirtyPagesWithoutIoPages)
            {
                await world.Filemap.SpliceDirtyToIo(world.Mapping);
            }

            await world.Pw.WriteCachePages(world.Mapping, wbc, async (page, _) =>
            {
                written++;
                world.Filemap.FolioUnlock(page);
                await world.Filemap.GenericFileWriteIter(file, next++);
                return 0;
            });
        });
        return written;
    }

    [Fact]
    public void With_io_pages_a_dirtier_that_keeps_ahead_cannot_keep_the_walk_going()
    {
        var world = In2_5(pages: 2, dirty: true);

        Assert.Equal(2, WalkWithAppender(world, nrToWrite: 50));
        Assert.Equal(2, On(world, PageListKind.Dirty).Length);
    }

    [Fact]
    public void Without_io_pages_a_dirtier_that_keeps_ahead_keeps_the_walk_going_until_nr_to_write_runs_out()
    {
        var world = In2_5(pages: 2, dirty: true, faults: new Faults { WalkDirtyPagesWithoutIoPages = true });

        Assert.Equal(50, WalkWithAppender(world, nrToWrite: 50));
        Assert.Equal(2, On(world, PageListKind.Dirty).Length); // 2 + 50 dirtied, 50 written
    }

    /// <summary>Page 0 written by one pass (its I/O not completed), then redirtied: dirty, under writeback, on dirty_pages.</summary>
    private static World RedirtiedUnderWriteback()
    {
        var world = In2_5(pages: 2);
        Write(world, 0);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));
        Write(world, 0);
        Assert.True(world.Page(0) is { Dirty: true, Writeback: true });
        Assert.Equal([0], On(world, PageListKind.Dirty));
        return world;
    }

    [Fact]
    public void Memory_cleaning_skips_a_redirtied_page_under_writeback_and_leaves_it_on_dirty_pages()
    {
        var world = RedirtiedUnderWriteback();
        var submitted = world.Kernel.Device.SubmittedCount;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));

        Assert.Equal(submitted, world.Kernel.Device.SubmittedCount);
        Assert.Equal([0], On(world, PageListKind.Dirty));
        world.AssertInvariants();
    }

    [Fact]
    public void Called_for_sync_the_walk_waits_for_the_writeback_and_starts_new_io()
    {
        var world = RedirtiedUnderWriteback();
        Assert.Throws<WouldBlockException>(() => RedirtiedUnderWritebackSync(world));

        world = RedirtiedUnderWriteback();
        world.Runtime.RunPendingWhenBlocked = true;
        var submitted = world.Kernel.Device.SubmittedCount;
        RedirtiedUnderWritebackSync(world);

        Assert.Equal(submitted + 1, world.Kernel.Device.SubmittedCount);
        Assert.True(world.Page(0) is { Dirty: false, Writeback: true });
        Assert.Equal([0], On(world, PageListKind.Locked));
    }

    private static void RedirtiedUnderWritebackSync(World world)
    {
        var wbc = WritebackControl.Integrity();
        var blocked = default(WouldBlockException);
        try
        {
            world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));
        }
        catch (WouldBlockException error)
        {
            blocked = error;
        }

        if (blocked is not null)
        {
            Assert.Same(world.Page(0).WritebackQueue, blocked.Queue);
            world.Filemap.FolioUnlock(world.Page(0));
            throw blocked;
        }
    }

    [Fact]
    public void Fdatawait_puts_each_page_of_locked_pages_back_and_waits_for_its_writeback()
    {
        var world = In2_5(pages: 3, dirty: true);
        world.Runtime.RunPendingWhenBlocked = true;
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));
        Write(world, 2);

        var result = world.Run(() => world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax));

        Assert.Equal(0, result);
        Assert.Empty(On(world, PageListKind.Locked));
        Assert.Equal([2], On(world, PageListKind.Dirty));
        Assert.Equal([0, 1], On(world, PageListKind.Clean));
        Assert.False(world.Page(0).Writeback || world.Page(1).Writeback);
        Assert.True(world.Page(2).Writeback); // redirtied under writeback: off locked_pages, not waited for
    }

    [Fact]
    public void Fdatawait_does_not_wait_for_a_page_redirtied_after_its_io_started()
    {
        var world = RedirtiedUnderWriteback();

        // No RunPendingWhenBlocked: a wait would throw. Page 0 left locked_pages when redirtied.
        var result = world.Run(() => world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax));

        Assert.Equal(0, result);
        Assert.True(world.Page(0).Writeback);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, true)]
    [InlineData(KernelEra.V2_6_20, false)]
    public void Fsync_holds_i_sem_in_the_list_era_only(KernelEra era, bool holds)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);
        world.Runtime.Run("writer", async () => await world.Kernel.Vfs.InodeLock(world.Inode));

        var fsync = () => world.Run(() => world.Fs.Fsync(file, 0, WritebackControl.LLongMax));

        if (holds)
        {
            Assert.Equal("down(i_sem)(1) would block on i_sem of inode 1, held by T0(writer)", Assert.Throws<WouldBlockException>(() => fsync()).Message);
        }
        else
        {
            Assert.Equal(0, fsync());
        }
    }

    [Fact]
    public void Truncate_takes_pages_off_their_lists()
    {
        var world = In2_5(pages: 4, dirty: true);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(1, KernelEra.V2_5)));
        world.CompleteAllIo();

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.Equal(1, world.Mapping.Lists.Total);
        Assert.Equal([0], On(world, PageListKind.Locked));
        world.AssertInvariants();
    }

    [Fact]
    public void Reclaim_hands_the_mapping_to_vm_writeback_which_moves_its_pages_to_locked_pages_as_it_writes_them()
    {
        var world = In2_5(pages: 2, dirty: true);

        world.Run(async () =>
        {
            var page = world.Page(1);
            Filemap.FolioGet(page);
            await world.Kernel.Vmscan.ShrinkFolio(page);
        });

        // generic_vm_writeback writes the mapping, not the page: both pages, each moved to
        // locked_pages by the walk (ListEraReclaimGateTests).
        Assert.Equal([0, 1], On(world, PageListKind.Locked).Order());
        Assert.Empty(On(world, PageListKind.Dirty));
        Assert.True(world.Page(1).Writeback);
        world.AssertInvariants();
    }

    [Fact]
    public void List_coherence_catches_a_dirtying_that_leaves_the_page_on_clean_pages()
    {
        var world = In2_5(pages: 2, faults: new Faults { DirtyLeavesPageOnItsList = true });
        Assert.Null(ListFlagCoherence.Check(world.Kernel));

        Write(world, 1);

        Assert.Equal("page 1 of mapping of inode 1: PG_dirty set but on clean_pages", ListFlagCoherence.Check(world.Kernel));
    }

    [Fact]
    public void List_coherence_allows_a_dirtying_between_its_flag_and_its_move()
    {
        var world = In2_5(pages: 1);
        var page = world.Page(0);
        page.Dirty = true;
        page.DirtyPendingTag = true;

        Assert.Null(ListFlagCoherence.Check(world.Kernel));
        page.DirtyPendingTag = false;
        Assert.NotNull(ListFlagCoherence.Check(world.Kernel));
    }

    [Fact]
    public void List_coherence_catches_a_page_on_no_list_and_a_list_entry_outside_the_cache()
    {
        var world = In2_5(pages: 2);
        world.Mapping.Lists.Remove(world.Page(1));

        Assert.Equal("mapping of inode 1 caches 2 page(s) but its lists hold 1", ListFlagCoherence.Check(world.Kernel));

        var stray = new Page(7, world.Mapping, 0);
        world.Mapping.Lists.Add(stray, PageListKind.Dirty);
        Assert.Equal("page 7 is on dirty_pages of mapping of inode 1 but not in its page cache", ListFlagCoherence.Check(world.Kernel));
    }

    [Fact]
    public void Each_coherence_refuses_the_eras_it_does_not_apply_to()
    {
        var lists = In2_5();
        var tags = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_20 });

        var tagError = Assert.Throws<InvalidOperationException>(() => TagFlagCoherence.Check(lists.Kernel));
        var listError = Assert.Throws<InvalidOperationException>(() => ListFlagCoherence.Check(tags.Kernel));

        Assert.StartsWith("tag/flag coherence does not apply to 2.5.31", tagError.Message);
        Assert.StartsWith("list/flag coherence does not apply to 2.6.20", listError.Message);
    }

    [Fact]
    public void Page_lists_splice_in_order_and_a_page_is_on_one_list_only()
    {
        var mapping = new World(pages: 0).Mapping;
        var lists = new PageLists();
        var pages = Enumerable.Range(0, 4).Select(i => new Page(i, mapping, 0)).ToArray();
        lists.Add(pages[0], PageListKind.Io);
        lists.Add(pages[1], PageListKind.Dirty);
        lists.Add(pages[2], PageListKind.Dirty);
        lists.Add(pages[3], PageListKind.Clean);
        lists.MoveTo(pages[3], PageListKind.Dirty);

        lists.SpliceInit(PageListKind.Dirty, PageListKind.Io);

        Assert.Equal([3, 2, 1, 0], lists.Pages(PageListKind.Io).Select(p => p.Index));
        Assert.Same(pages[0], lists.Tail(PageListKind.Io));
        Assert.Equal(0, lists.Count(PageListKind.Dirty));
        Assert.Equal(PageListKind.Io, lists.ListOf(pages[2]));
        var twice = Assert.Throws<KernelBugException>(() => lists.Add(pages[2], PageListKind.Clean));
        Assert.Equal("list_add: page 2 is already on Io", twice.Message);
    }
}
