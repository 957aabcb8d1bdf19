using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>A step is labelled with the name its era's kernel gave the function.</summary>
public sealed class EraNamesTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, "lock_page(0)")]
    [InlineData(KernelEra.V2_6_29, "lock_page(0)")]
    [InlineData(KernelEra.V5_0, "lock_page(0)")]
    [InlineData(KernelEra.V6_9, "folio_lock(0)")]
    public void A_page_lock_is_labelled_as_the_era_named_it(KernelEra era, string label)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        world.Run(() => world.Filemap.FolioLock(page));

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Filemap.FolioLock(page)));

        Assert.Equal(label, blocked.Label.ToString());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, "wait_on_page_writeback(0)")]
    [InlineData(KernelEra.V4_20, "wait_on_page_writeback(0)")]
    [InlineData(KernelEra.V6_9, "folio_wait_writeback(0)")]
    public void A_writeback_wait_is_labelled_as_the_era_named_it(KernelEra era, string label)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        page.Writeback = true;

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Filemap.FolioWaitWriteback(page)));

        Assert.Equal(label, blocked.Label.ToString());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, "TestSetPageLocked", "pagevec_lookup_tag", "remove_from_page_cache", "__remove_from_page_cache", "pagevec_lookup")]
    [InlineData(KernelEra.V2_6_29, "trylock_page", "pagevec_lookup_tag", "remove_from_page_cache", "__remove_from_page_cache", "pagevec_lookup")]
    [InlineData(KernelEra.V4_13, "trylock_page", "pagevec_lookup_tag", "delete_from_page_cache", "__delete_from_page_cache", "pagevec_lookup_entries")]
    [InlineData(KernelEra.V4_17, "trylock_page", "pagevec_lookup_range_tag", "delete_from_page_cache", "unaccount_page_cache_page", "pagevec_lookup_entries")]
    [InlineData(KernelEra.V6_9, "folio_trylock", "filemap_get_folios_tag", "filemap_remove_folio", "filemap_unaccount_folio", "find_lock_entries")]
    public void Each_era_has_its_own_names(KernelEra era, string trylock, string tagLookup, string remove, string unaccount, string truncateLookup)
    {
        var names = EraNames.Of(era);

        Assert.Equal(
            (trylock, tagLookup, remove, unaccount, truncateLookup),
            (names.TrylockPage, names.PagevecLookupTag, names.RemoveFromPageCache, names.UnaccountPage, names.FindLockEntries));
        Assert.Same(names, new Kernel(new SequentialRuntime(), new KernelConfig { Era = era }).Names);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "->clear_inode")]
    [InlineData(KernelEra.V2_6_20, "->clear_inode")]
    [InlineData(KernelEra.V2_6_29, "->clear_inode")]
    [InlineData(KernelEra.V2_6_36, "->evict_inode")]
    [InlineData(KernelEra.V6_9, "->evict_inode")]
    public void The_inode_cache_s_shrinker_frees_through_the_operation_the_era_had(KernelEra era, string operation)
    {
        // ->evict_inode replaced ->clear_inode (and an unlinked inode's ->delete_inode) in 2.6.36.
        Assert.Equal(operation, EraNames.Of(era).ShrinkerEvictInode);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "shrink_cache")]
    [InlineData(KernelEra.V2_6_20, "shrink_page_list")]
    [InlineData(KernelEra.V6_9, "shrink_folio_list")]
    public void Reclaims_loop_over_its_pages_is_named_as_the_era_named_it(KernelEra era, string name)
    {
        // 2.5.31 had no shrink_list: 2.5.32's batch reclaim brought it; shrink_cache freed the page.
        Assert.Equal(name, EraNames.Of(era).ShrinkPageList);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "shrink_cache")]
    [InlineData(KernelEra.V2_6_20, "remove_mapping")]
    [InlineData(KernelEra.V2_6_29, "__remove_mapping")]
    [InlineData(KernelEra.V6_9, "__remove_mapping")]
    public void Reclaims_removal_of_a_page_is_named_as_the_era_named_it(KernelEra era, string name)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });

        Assert.Equal(name, world.Kernel.Names.RemoveMapping);
        Assertions.Fired.Bug(name, "page 0 is not locked", () => world.Run(() => world.Kernel.Vmscan.RemoveMapping(world.Mapping, world.Page(0))));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "writeback_unlocked_inodes", "writeback_backing_dev", "sync_sb_inodes")]
    [InlineData(KernelEra.V2_6_20, "writeback_inodes", "writeback_inodes", "sync_sb_inodes")]
    [InlineData(KernelEra.V2_6_29, "writeback_inodes", "writeback_inodes", "sync_sb_inodes")]
    [InlineData(KernelEra.V2_6_36, "writeback_inodes_wb", "writeback_inodes_wb", "__writeback_inodes_sb")]
    [InlineData(KernelEra.V3_19, "__writeback_inodes_wb", "__writeback_inodes_wb", "writeback_sb_inodes")]
    [InlineData(KernelEra.V6_9, "__writeback_inodes_wb", "__writeback_inodes_wb", "writeback_sb_inodes")]
    public void The_inode_walks_are_named_as_the_era_named_them(KernelEra era, string pdflush, string dirtier, string sync)
    {
        var names = EraNames.Of(era);

        Assert.Equal((pdflush, dirtier, sync), (names.WritebackUnlockedInodes, names.WritebackBackingDev, names.SyncSbInodes));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "generic_file_write_nolock", "add_to_page_cache")]
    [InlineData(KernelEra.V2_6_20, "generic_file_buffered_write", "add_to_page_cache_lru")]
    [InlineData(KernelEra.V2_6_29, "generic_perform_write", "add_to_page_cache_lru")]
    [InlineData(KernelEra.V4_20, "generic_perform_write", "add_to_page_cache_lru")]
    [InlineData(KernelEra.V6_9, "generic_perform_write", "filemap_add_folio")]
    public void The_write_loop_and_the_read_s_insertion_are_named_as_the_era_named_them(KernelEra era, string writeLoop, string insertion)
    {
        var names = EraNames.Of(era);

        Assert.Equal((writeLoop, insertion), (names.GenericFileBufferedWrite, names.AddToPageCacheLru));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "add_to_page_cache(0)")]
    [InlineData(KernelEra.V6_9, "filemap_add_folio(0)")]
    public void A_read_s_insertion_takes_the_tree_lock_under_the_era_s_name(KernelEra era, string label)
    {
        var recording = new RecordingRuntime();
        var kernel = new Kernel(recording, new KernelConfig { Era = era });
        var inode = kernel.CreateInode(1, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default));

        recording.Inner.Run("reader", async () => await kernel.Filemap.AddToPageCacheLru(inode.Mapping, 0));

        Assert.Equal(1, recording.Points.Count(point => point.Label.ToString() == label));
    }

    [Fact]
    public void The_end_of_a_range_is_written_as_LLONG_MAX()
    {
        Assert.Equal("pagevec_lookup_tag(LLONG_MAX)", new StepLabel("pagevec_lookup_tag", long.MaxValue).ToString());
        Assert.Equal("pagevec_lookup_tag(5)", new StepLabel("pagevec_lookup_tag", 5).ToString());
        Assert.Equal("writeback_inodes", new StepLabel("writeback_inodes").ToString());
    }
}
