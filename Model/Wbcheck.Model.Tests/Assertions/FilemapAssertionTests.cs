using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// Each assertion of mm/filemap.c (and the page-reference and bad-page checks around it), driven
/// to a state where it must fire: without these, deleting one would leave every test green.
/// </summary>
public sealed class FilemapAssertionTests
{
    /// <summary>A page truncated away and freed, its last reference dropped: truncate's, after it unlocked it.</summary>
    private static Page Freed(World world)
    {
        var page = world.Page(0);
        Filemap.FolioGet(page);
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
            world.Filemap.FolioUnlock(page);
        });
        world.Filemap.FolioPut(page);
        Assert.True(page.Freed);
        return page;
    }

    [Fact]
    public void Unlocking_a_page_nobody_locked_is_a_kernel_bug()
    {
        var world = new World(pages: 1);

        Fired.Bug("folio_unlock", "page 0 is not locked", () => world.Filemap.FolioUnlock(world.Page(0)));
    }

    [Fact]
    public void Taking_a_reference_to_a_freed_page_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);
        var page = Freed(world);

        Fired.Bug("folio_get", "page 0 has no reference left", () => Filemap.FolioGet(page));
    }

    /// <summary>A put through a reference already given up is a use-after-free, reported with who freed the page (docs/eras.md section 107), before the refcount underflow.</summary>
    [Fact]
    public void Dropping_a_reference_to_a_freed_page_is_a_use_after_free()
    {
        var world = new World(pages: 1, dirty: false);
        var page = Freed(world);

        var report = Assert.Throws<Wbcheck.Model.Invariants.InvariantViolationException>(() => world.Filemap.FolioPut(page));

        Assert.Equal(Wbcheck.Model.Invariants.UseAfterFree.Name, report.Invariant);
        Assert.Contains("folio_put touched page 0 after", report.Message);
    }

    [Fact]
    public void Freeing_a_page_still_locked_is_bad_page_state()
    {
        // Removing a page drops the page cache's reference; with no other reference held, the
        // page is freed on the spot, under the lock its remover still holds.
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        Fired.Bug("free_page_is_bad", "bad page state: page 0 freed while locked", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
        }));
    }

    [Fact]
    public void Freeing_a_page_under_writeback_is_bad_page_state()
    {
        // One put too many while the page's I/O is in flight.
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.FolioStartWriteback(page);
            world.Filemap.FolioUnlock(page);
        });

        Fired.Bug("free_page_is_bad", "bad page state: page 0 freed under writeback", () => world.Filemap.FolioPut(page));
    }

    [Fact]
    public void Freeing_a_page_still_in_the_page_cache_is_bad_page_state()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        Fired.Bug("free_page_is_bad", $"bad page state: page 0 freed while still in {world.Mapping}", () => world.Filemap.FolioPut(page));
    }

    [Fact]
    public void Adding_a_page_at_an_index_already_cached_is_a_kernel_bug()
    {
        var world = new World(pages: 2);

        Fired.Bug("__filemap_add_folio", "index 1 already cached", () => world.Filemap.AddCachedPage(world.Mapping, 1, dirty: false));
    }

    [Fact]
    public void Removing_a_page_that_is_not_locked_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);

        Fired.Bug("__filemap_remove_folio", "page 0 is not locked", () => world.Run(() => world.Filemap.FilemapRemoveFolio(world.Page(0))));
    }

    [Fact]
    public void Removing_a_page_from_a_mapping_it_is_not_in_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);
        var other = world.Kernel.CreateInode(1, world.Fs).Mapping;
        var page = world.Page(0);

        Fired.Bug("__filemap_remove_folio", $"page 0 is not in {other}", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            world.Filemap.FilemapRemoveFolioUnderLock(page, other);
        }));
    }

    [Fact]
    public void Removing_a_dirty_page_loses_its_data_and_is_reported_on_6_9()
    {
        var world = new World(pages: 1, dirty: true);
        var page = world.Page(0);

        Fired.Bug("filemap_unaccount_folio", "WARN_ON_ONCE: page 0 removed from the page cache while dirty: unwritten data lost", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
        }));
    }

    [Fact]
    public void Removing_a_page_under_writeback_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        Fired.Bug("filemap_unaccount_folio", "page 0 removed from the page cache under writeback", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.FolioStartWriteback(page);
            await world.Filemap.FilemapRemoveFolio(page);
        }));
    }

    [Fact]
    public void Ending_writeback_of_a_page_not_under_writeback_is_a_kernel_bug()
    {
        var world = new World(pages: 1);

        Fired.Bug("folio_end_writeback", "page 0 is not under writeback", () => world.Filemap.FolioEndWriteback(world.Page(0)));
    }
}
