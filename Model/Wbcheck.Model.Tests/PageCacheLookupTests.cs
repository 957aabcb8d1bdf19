using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The batched page-cache lookups (mm/filemap.c): how many pages each returns, from where, with
/// what taken, and the cursor it hands back.
/// </summary>
public sealed class PageCacheLookupTests
{
    [Fact]
    public void Pagevec_lookup_tag_returns_at_most_the_pages_asked_for()
    {
        // 2.6.20's find_get_pages_tag(mapping, index, tag, nr_pages, pages): nr_pages is a bound,
        // which generic_writepages sets to end the lookup at its range's end.
        var world = new World(pages: 6);
        var batch = new FolioBatch(14);

        var next = world.Filemap.PagevecLookupTag(world.Mapping, 1, XaMark.Dirty, 3, batch);

        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, batch.Count).Select(i => batch[i].Index));
        Assert.Equal(4, next);
        Assert.Equal((2, 1), (world.Page(3).RefCount, world.Page(4).RefCount));
        world.Filemap.FolioBatchRelease(batch);
        Assert.Equal(1, world.Page(1).RefCount);
    }

    [Theory]
    [InlineData(3, 3, new long[] { 3 }, 4)]
    [InlineData(1, 2, new long[] { 1, 2 }, 3)]
    [InlineData(4, 9, new long[0], 4)]
    public void Find_get_entries_returns_the_index_after_the_last_page_found(long index, long end, long[] found, long next)
    {
        var world = new World(pages: 4, dirty: false);
        var batch = new FolioBatch(14);

        Assert.Equal(next, world.Filemap.FindGetEntries(world.Mapping, index, end, batch));

        Assert.Equal(found, Enumerable.Range(0, batch.Count).Select(i => batch[i].Index));
        world.Filemap.FolioBatchRelease(batch);
    }

    [Fact]
    public void Find_lock_entries_locks_every_idle_page_of_its_range_page_0_too()
    {
        // Busy pages (locked, under writeback) are skipped for truncate's second pass; the rest,
        // from the first index of the range on, come back locked with a reference each.
        var world = new World(pages: 4, dirty: false);
        world.Page(2).Locked = true;
        var batch = new FolioBatch(14);

        Assert.Equal(4, world.Run(() => ValueTask.FromResult(world.Filemap.FindLockEntries(world.Mapping, 0, 3, batch))));

        Assert.Equal([0L, 1L, 3L], Enumerable.Range(0, batch.Count).Select(i => batch[i].Index));
        Assert.All(Enumerable.Range(0, batch.Count), i => Assert.True(batch[i].Locked && batch[i].RefCount == 2, $"{batch[i]}"));
        for (var i = 0; i < batch.Count; i++)
        {
            world.Filemap.FolioUnlock(batch[i]);
        }

        world.Filemap.FolioBatchRelease(batch);
    }
}
