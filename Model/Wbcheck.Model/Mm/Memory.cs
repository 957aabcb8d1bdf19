using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>mm/memory.c: a store through a shared file mapping, and the dirtying it causes.</summary>
public sealed class Memory(Kernel kernel)
{
    /// <summary>
    /// A write fault on a page of a shared mapping: the store changes the data, and the fault
    /// marks the page dirty. Until 3.19 it did so after dropping every lock, so truncate could
    /// take the page out between setting PG_dirty and the accounting under the tree lock
    /// (truncate then "cleans" a page whose dirtying was never counted). Since then the page
    /// lock is held across the dirtying, which locks truncation out.
    /// </summary>
    [Models("mm/memory.c", "wp_page_shared", "6.9")]
    [Models("mm/memory.c", "fault_dirty_shared_page", "6.9")]
    [Models("mm/memory.c", "do_wp_page", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WpPageShared(Page page)
    {
        var filemap = kernel.Filemap;
        if (!kernel.Era.DirtierLocksPage())
        {
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("do_wp_page", page.Index));
            var stored = Store(page);
            await kernel.PageWriteback.FolioMarkDirty(page);
            Commit(page, stored);
            return;
        }

        await filemap.FolioLock(page);

        // Truncated before the fault got the lock: the fault finds no page and is retried.
        if (page.Mapping is null)
        {
            filemap.FolioUnlock(page);
            return;
        }

        var version = Store(page);
        await kernel.PageWriteback.FolioMarkDirty(page);
        filemap.FolioUnlock(page);
        Commit(page, version);
    }

    private static long Store(Page page)
    {
        if (page.Mapping is { } mapping)
        {
            page.Version = ++mapping.Host.VersionClock;
        }

        // A store through the mapping may land past EOF in the last page: the tail is no
        // longer known to be zero, so writeback must zero it again.
        page.ZeroFrom = Page.PageSize;

        // The access sets the pte's young bit, which reclaim's folio_referenced looks for.
        page.Referenced = true;
        return page.Version;
    }

    private static void Commit(Page page, long version) => page.CommittedVersion = Math.Max(page.CommittedVersion, version);
}
