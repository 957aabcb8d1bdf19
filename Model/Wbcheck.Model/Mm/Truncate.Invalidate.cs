using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// invalidate_mapping_pages: drop what of a file's page cache can go without waiting, for the
/// inode cache's shrinker (<see cref="Fs.Vfs.PruneIcache"/>). Unlike truncation it neither waits
/// nor throws data away: a page it cannot lock at once, a dirty page, one under writeback and a
/// mapped one stay, and so does one another task holds a reference to (remove_mapping's count).
/// </summary>
public sealed partial class Truncate
{
    /// <summary>
    /// Go through the mapping's pages in index order: take a reference (the lookup's), trylock,
    /// pass over a page no longer in the mapping, under writeback or mapped (2.6.20's
    /// invalidate_mapping_pages; mapping_evict_folio's tests in 6.x), then remove it if it is
    /// clean and nobody else holds it (remove_mapping, as reclaim's <see cref="Vmscan.RemoveMapping"/>:
    /// the page cache's and our references only, not dirty, checked under the tree lock). Returns
    /// how many pages it removed.
    /// </summary>
    [Models("mm/truncate.c", "invalidate_mapping_pages", "2.6.20")]
    [Models("mm/truncate.c", "invalidate_complete_page", "2.6.20")]
    [Models("mm/truncate.c", "mapping_try_invalidate", "6.9")]
    [Models("mm/truncate.c", "mapping_evict_folio", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> InvalidateMappingPages(AddressSpace mapping)
    {
        var filemap = kernel.Filemap;
        var removed = 0;
        foreach (var page in kernel.CachedPages().Where(p => p.Mapping == mapping).OrderBy(p => p.Index).ToList())
        {
            Filemap.FolioGet(page);
            if (await filemap.FolioTrylock(page))
            {
                if (page.Mapping == mapping && !page.Writeback && !Vmscan.PageMapped(page)
                    && await kernel.Vmscan.RemoveMapping(mapping, page))
                {
                    // remove_mapping took the page cache's reference with the page.
                    filemap.FolioPut(page);
                    removed++;
                }

                filemap.FolioUnlock(page);
            }

            filemap.FolioPut(page);
        }

        // mapping_try_invalidate clears the shadow entries its lookups return (6.9 [R]).
        ClearShadowEntries(mapping, 0, long.MaxValue);
        return removed;
    }
}
