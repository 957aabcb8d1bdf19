using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// A page of the page cache (an order-0 folio). The flags are the kernel's PG_* bits; the data
/// version stands for the page's contents: every dirtying write bumps it, an I/O carries the
/// version it was submitted with, and the disk records the version it last completed.
/// </summary>
[Models("include/linux/mm_types.h", "struct folio", "6.9")]
[Models("include/linux/page-flags.h", "PG_locked, PG_dirty, PG_writeback, PG_uptodate, PG_error", "6.9")]
public sealed class Page
{
    /// <summary>PAGE_SIZE.</summary>
    public const int PageSize = 1 << WritebackControl.PageShift;

    private WaitQueue? lockQueue;
    private WaitQueue? writebackQueue;

    public Page(long index, AddressSpace mapping, long version)
    {
        Index = index;
        Mapping = mapping;
        Version = version;
    }

    /// <summary>page-&gt;index: the page's offset in the file, in pages. A frame reused for another file gets a new one.</summary>
    public long Index { get; internal set; }

    /// <summary>page-&gt;mapping: null once truncate or reclaim removed the page from its file.</summary>
    public AddressSpace? Mapping { get; internal set; }

    public bool Locked { get; internal set; }

    public bool Dirty { get; internal set; }

    public bool Writeback { get; internal set; }

    public bool Uptodate { get; internal set; }

    public bool Error { get; internal set; }

    /// <summary>
    /// Model bookkeeping, not a kernel flag: PG_dirty was set by folio_mark_dirty, whose tree-lock
    /// section (account the page, set the DIRTY tag) has not run yet. The invariants allow for
    /// the page's flag and tag to disagree in that window, as the kernel does.
    /// </summary>
    public bool DirtyPendingTag { get; internal set; }

    /// <summary>
    /// Model bookkeeping: the version written by the last write to this page that has returned
    /// to its caller. fsync owes the disk this version; a write still in progress when fsync
    /// starts is not owed (POSIX asks for the data of writes that completed before the call).
    /// </summary>
    public long CommittedVersion { get; internal set; }

    /// <summary>The version of the data in memory.</summary>
    public long Version { get; internal set; }

    /// <summary>
    /// The page's bytes from this offset to its end are known to be zero; before it they may
    /// hold anything. A store through mmap can put bytes past EOF into the last page, so a page
    /// starts at <see cref="PageSize"/>; zeroing its tail lowers it. What a write puts on the
    /// device past i_size is checked with it.
    /// </summary>
    public int ZeroFrom { get; internal set; } = PageSize;

    /// <summary>
    /// page-&gt;private when PG_private is set: the page's buffer heads, one per block, in
    /// order; null when the page has none (page_has_buffers).
    /// </summary>
    public IReadOnlyList<BufferHead>? Buffers { get; internal set; }

    /// <summary>
    /// References: one for the page cache while the page is in it, one for each batch or
    /// isolation holding it. The page is freed when the count drops to zero.
    /// </summary>
    public int RefCount { get; internal set; } = 1;

    /// <summary>
    /// The young bit of the ptes mapping the page: set by an access through a mapping, found and
    /// cleared by reclaim's folio_referenced. The model keeps one bit for all of the page's ptes.
    /// </summary>
    public bool Referenced { get; internal set; }

    /// <summary>Set when the last reference went away; cleared when the allocator hands the frame out again.</summary>
    public bool Freed { get; internal set; }

    /// <summary>
    /// Model bookkeeping: how many times the allocator has handed this frame out (the struct page
    /// outlives each use of it). Code that keeps a page across a window without a reference
    /// remembers the generation it saw, so a touch after a reuse is caught too.
    /// </summary>
    public int Generation { get; internal set; }

    /// <summary>Model bookkeeping: who dropped the last reference the last time the page was freed, for the use-after-free report.</summary>
    public string? FreedBy { get; internal set; }

    /// <summary>Sleepers in folio_lock; Holder is the thread holding PG_locked. Made when first used.</summary>
    public WaitQueue LockQueue => lockQueue ??= new WaitQueue("PG_locked of page", Index);

    /// <summary>Sleepers in folio_wait_writeback; Holder is who will end the writeback. Made when first used.</summary>
    public WaitQueue WritebackQueue => writebackQueue ??= new WaitQueue("PG_writeback of page", Index);

    /// <summary>Flags as letters, in a fixed order: L locked, D dirty, W writeback, U uptodate, E error.</summary>
    public string FlagString() =>
        string.Concat(Locked ? "L" : "", Dirty ? "D" : "", Writeback ? "W" : "", Uptodate ? "U" : "", Error ? "E" : "");

    public override string ToString() => $"page {Index}";
}
