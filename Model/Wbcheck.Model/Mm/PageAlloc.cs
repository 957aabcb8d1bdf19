using Wbcheck.Model.Citations;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The page allocator, as small as page lifetime needs: a page whose last reference goes away
/// returns here and the next allocation, for any file, gets it back. Last in, first out, as
/// the per-cpu free lists hand out the most recently freed (cache-hot) page first, so a page
/// freed by truncate or reclaim is the very next one another file gets. A touch of a freed or
/// reused page through a reference kept from before is reported as a use-after-free, naming
/// who freed it: what KASAN reports, without its quarantine. Frames belong to zones
/// (<see cref="Zone"/>), each with its own free list; which zone a page comes from is
/// <see cref="AllocZone"/>'s choice (PageAlloc.Dirty.cs).
/// </summary>
[Models("mm/page_alloc.c", "free_unref_page", "6.9")]
[Models("mm/page_alloc.c", "free_hot_cold_page", "2.6.20")]
public sealed partial class PageAlloc(Kernel kernel)
{
    private IReadOnlyList<Zone>? zones;
    private long frames;

    /// <summary>The machine's zones, in node order (<see cref="Zone.Layout"/>), watermarks set.</summary>
    public IReadOnlyList<Zone> Zones => zones ??= BootZones();

    /// <summary>Pages free for reuse.</summary>
    public int FreeCount
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
            var count = 0;
            foreach (var zone in Zones)
            {
                count += zone.Free.Count;
            }

            return count;
        }
    }

    /// <summary>
    /// A page for <paramref name="mapping"/> at <paramref name="index"/>: the most recently freed
    /// frame of the zone <see cref="AllocZone"/> picks, made new (no flags, one reference, a new
    /// generation), or a fresh one; null when the fast path and the slow path's min watermark
    /// found no zone, so the allocation must go into direct reclaim
    /// (<see cref="AllocPagesDirectReclaim"/>) and try again. <paramref name="gfpWrite"/> is
    /// __GFP_WRITE: the page is allocated to be written (a buffered write's page), so the era's
    /// dirty limits steer it. The zones tried are those the mapping's gfp mask allows
    /// (mapping_gfp_mask: __GFP_HIGHMEM or not).
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages", "6.9")]
    [Models("mm/filemap.c", "filemap_alloc_folio", "6.9")]
    [Models("mm/filemap.c", "page_cache_alloc", "2.6.20")]
    public Page? TryAllocPage(long index, AddressSpace mapping, long version, bool gfpWrite = false)
    {
        // The free list and the frame numbering: every allocation and free is dependent with the others.
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        if (AllocZone(mapping, gfpWrite) is not { } zone)
        {
            return null;
        }

        if (!zone.Free.TryPop(out var page))
        {
            return new Page(index, mapping, version) { Frame = ++frames, Zone = zone };
        }

        page.Generation++;
        page.Index = index;
        page.Mapping = mapping;
        page.Version = version;
        page.CommittedVersion = 0;
        page.Freed = false;
        page.RefCount = 1;
        page.Locked = page.Dirty = page.Writeback = page.Uptodate = page.Error = page.DirtyPendingTag = false;
        // The young bit lives in the ptes, all zapped before the page could be freed.
        page.Referenced = false;
        // free_pages_prepare clears the page flags, PG_reclaim, PG_active and PG_referenced among them.
        page.Reclaim = page.Active = page.PageReferenced = false;
        page.ZeroFrom = Page.PageSize;
        page.Buffers = null;
        return page;
    }

    /// <summary>Take back a page whose last reference went away; <paramref name="function"/> is where that happened.</summary>
    internal void FreePage(Page page, string function)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        page.Freed = true;
        // Who freed it is kept through reuse too (a stale reference to a reused page is reported
        // with the free); the message is built only when a use-after-free report asks.
        page.FreedBy = (CurrentThread(), function);
        page.FreedAtStep = kernel.Runtime.StepNumber;

        // Every frame the allocator gave out has its zone. A page without one was made outside
        // the allocator (new Page in a test or a conformance runner): there is no free list it
        // came from, and putting it on some zone's would let a later allocation hand out a frame
        // the machine never had.
        var zone = page.Zone ?? throw new InvalidOperationException(
            $"{function} freed {page}, which the page allocator never gave out (it was made with new Page, not PageAlloc.TryAllocPage): make it through the allocator (Filemap.AddCachedPage) to let it be freed");
        zone.Free.Push(page);
        ResetPagesScanned(zone);
    }

    /// <summary>The thread running, or null outside any (a scenario building its initial state).</summary>
    private ModelThread? CurrentThread() => kernel.Runtime.CurrentOrNull();

    /// <summary>
    /// <paramref name="function"/> touches <paramref name="page"/> through a reference taken when
    /// its generation was <paramref name="generation"/>: it must be neither free nor reused since.
    /// </summary>
    public static void Touch(Page page, int generation, string function)
    {
        if (page.Freed)
        {
            throw new InvariantViolationException(UseAfterFree.Name, $"{function} touched {page} after {FreedBy(page)} freed it");
        }

        if (page.Generation != generation)
        {
            throw new InvariantViolationException(UseAfterFree.Name,
                $"{function} touched {page} of {page.Mapping?.ToString() ?? "nobody"}, which {FreedBy(page)} freed and the allocator gave to it since");
        }
    }

    private static string FreedBy(Page page) =>
        page.FreedBy is ({ } thread, { } function) ? $"{thread} in {function}{InStep(page.FreedAtStep)}"
        : page.FreedBy is (null, { } setup) ? $"set-up in {setup}"
        : "nobody";

    private static string InStep(int? step) => step is { } number ? $" (step {number})" : "";

    /// <summary><paramref name="function"/> touches <paramref name="page"/> through a reference it holds: the page must not be free.</summary>
    public static void Touch(Page page, string function) => Touch(page, page.Generation, function);
}
