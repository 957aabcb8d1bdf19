using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// The assertions of mm/page-writeback.c, each driven to fire: the iterator's, starting
/// writeback, dirtying and redirtying. (folio_clear_dirty_for_io's is in <c>DirtyTests</c>,
/// starting writeback twice in <c>StartWritebackTests</c>. The "under writeback after waiting
/// with the page locked" checks of folio_prepare_writeback and write_cache_pages cannot fire:
/// the comment at each says why.)
/// </summary>
public sealed class PageWritebackAssertionTests
{
    [Fact]
    public void Starting_a_writeback_pass_twice_is_a_kernel_bug()
    {
        var world = new World(pages: 2);
        var it = new WritebackIteration(world.Mapping, WritebackControl.Integrity(), batchSize: 15);

        Fired.Bug("writeback_iter", "a pass started twice", () => world.Run(async () =>
        {
            var page = await world.Pw.WritebackIter(it, null, 0);
            Assert.NotNull(page);
            await world.Pw.WritebackIter(it, null, 0);
        }));
    }

    [Fact]
    public void A_positive_error_from_writing_a_page_is_a_kernel_bug()
    {
        var world = new World(pages: 2);
        var it = new WritebackIteration(world.Mapping, WritebackControl.Integrity(), batchSize: 15);

        Fired.Bug("writeback_iter", "positive error 1 from writing page 0", () => world.Run(async () =>
        {
            var page = await world.Pw.WritebackIter(it, null, 0);
            await world.Pw.WritebackIter(it, page, 1);
        }));
    }

    [Fact]
    public void Starting_writeback_of_an_unlocked_page_is_a_kernel_bug()
    {
        var world = new World(pages: 1);

        Fired.Bug("__folio_start_writeback", "page 0 is not locked", () => world.Run(() => world.Pw.FolioStartWriteback(world.Page(0))));
    }

    [Fact]
    public void Starting_writeback_of_a_page_truncate_took_away_is_a_kernel_bug()
    {
        // The writer kept a reference and the lock, but truncate's removal happened first.
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        Filemap.FolioGet(page);

        Fired.Bug("__folio_start_writeback", "page 0 has left its mapping", () => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
            await world.Pw.FolioStartWriteback(page);
        }));
    }

    [Fact]
    public void Dirtying_a_page_that_is_not_uptodate_is_a_kernel_bug()
    {
        // A page still being read: marking it dirty would write back whatever it holds.
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        page.Uptodate = false;

        Fired.Bug("__folio_mark_dirty", "page 0 dirtied while not uptodate", () => world.Run(() => world.Pw.FolioMarkDirty(page)));
    }

    [Fact]
    public void Redirtying_an_unlocked_page_for_writepage_is_a_kernel_bug()
    {
        var world = new World(pages: 1, dirty: false);

        Fired.Bug("folio_redirty_for_writepage", "page 0 is not locked", () => world.Run(() => world.Pw.FolioRedirtyForWritepage(WritebackControl.Integrity(), world.Page(0))));
    }
}
