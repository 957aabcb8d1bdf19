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
[Models("include/linux/page-flags.h", "PG_locked, PG_dirty, PG_writeback, PG_uptodate, PG_error, PG_reclaim", "6.9")]
public sealed class Page
{
    /// <summary>PAGE_SIZE.</summary>
    public const int PageSize = 1 << WritebackControl.PageShift;

    /// <summary>The pages <paramref name="bytes"/> bytes span, the last one partly (DIV_ROUND_UP(size, PAGE_SIZE)).</summary>
    public static long PagesOf(long bytes) => (bytes + PageSize - 1) >> WritebackControl.PageShift;

    private WaitQueue? lockQueue;
    private long indexField;
    private AddressSpace? mappingField;
    private bool lockedField;
    private bool dirtyField;
    private bool writebackField;
    private bool uptodateField;
    private bool errorField;
    private bool dirtyPendingTagField;
    private long committedVersionField;
    private long versionField;
    private int zeroFromField = PageSize;
    private IReadOnlyList<BufferHead>? buffersField;
    private int refCountField = 1;
    private bool referencedField;
    private bool reclaimField;
    private bool activeField;
    private bool pageReferencedField;
    private bool freedField;
    private int generationField;
    private (ModelThread? Thread, string? Function) freedByField;

    // The step of the engine's trace that freed the page, for the use-after-free report only.
    [NotState]
    private int? freedAtStepField;
    private WaitQueue? writebackQueue;

    public Page(long index, AddressSpace mapping, long version)
    {
        indexField = index;
        mappingField = mapping;
        versionField = version;
    }

    /// <summary>
    /// Model bookkeeping: the frame's number, given by the allocator in allocation order (0 for a
    /// page made outside it). It names the page's fields in the running step's
    /// <see cref="AccessLog"/>; the allocator's every use is an access, so a frame gets the same
    /// number in every schedule that reorders only independent steps.
    /// </summary>
    public long Frame { get; internal init; }

    /// <summary>page_zone: the zone the frame belongs to, for life (null for a page made outside the allocator).</summary>
    public Zone? Zone { get; internal init; }

    /// <summary>page-&gt;index: the page's offset in the file, in pages. A frame reused for another file gets a new one.</summary>
    public long Index
    {
        get
        {
            Read(Field.Index);
            return indexField;
        }

        internal set
        {
            Write(Field.Index);
            indexField = value;
        }
    }

    /// <summary>page-&gt;mapping: null once truncate or reclaim removed the page from its file.</summary>
    public AddressSpace? Mapping
    {
        get
        {
            Read(Field.Mapping);
            return mappingField;
        }

        internal set
        {
            Write(Field.Mapping);
            mappingField = value;
        }
    }

    public bool Locked
    {
        get
        {
            Read(Field.Locked);
            return lockedField;
        }

        internal set
        {
            Write(Field.Locked);
            lockedField = value;
        }
    }

    public bool Dirty
    {
        get
        {
            Read(Field.Dirty);
            return dirtyField;
        }

        internal set
        {
            Write(Field.Dirty);
            dirtyField = value;
        }
    }

    public bool Writeback
    {
        get
        {
            Read(Field.Writeback);
            return writebackField;
        }

        internal set
        {
            Write(Field.Writeback);
            writebackField = value;
        }
    }

    public bool Uptodate
    {
        get
        {
            Read(Field.Uptodate);
            return uptodateField;
        }

        internal set
        {
            Write(Field.Uptodate);
            uptodateField = value;
        }
    }

    public bool Error
    {
        get
        {
            Read(Field.Error);
            return errorField;
        }

        internal set
        {
            Write(Field.Error);
            errorField = value;
        }
    }

    /// <summary>
    /// Model bookkeeping, not a kernel flag: PG_dirty was set by folio_mark_dirty, whose tree-lock
    /// section (account the page, set the DIRTY tag) has not run yet. The invariants allow for
    /// the page's flag and tag to disagree in that window, as the kernel does.
    /// </summary>
    public bool DirtyPendingTag
    {
        get
        {
            Read(Field.DirtyPendingTag);
            return dirtyPendingTagField;
        }

        internal set
        {
            Write(Field.DirtyPendingTag);
            dirtyPendingTagField = value;
        }
    }

    /// <summary>
    /// Model bookkeeping: the version written by the last write to this page that has returned
    /// to its caller. fsync owes the disk this version; a write still in progress when fsync
    /// starts is not owed (POSIX asks for the data of writes that completed before the call).
    /// </summary>
    public long CommittedVersion
    {
        get
        {
            Read(Field.CommittedVersion);
            return committedVersionField;
        }

        internal set
        {
            Write(Field.CommittedVersion);
            committedVersionField = value;
        }
    }

    /// <summary>The version of the data in memory.</summary>
    public long Version
    {
        get
        {
            Read(Field.Version);
            return versionField;
        }

        internal set
        {
            Write(Field.Version);
            versionField = value;
        }
    }

    /// <summary>
    /// The page's bytes from this offset to its end are known to be zero; before it they may
    /// hold anything. A store through mmap can put bytes past EOF into the last page, so a page
    /// starts at <see cref="PageSize"/>; zeroing its tail lowers it. What a write puts on the
    /// device past i_size is checked with it.
    /// </summary>
    public int ZeroFrom
    {
        get
        {
            Read(Field.ZeroFrom);
            return zeroFromField;
        }

        internal set
        {
            Write(Field.ZeroFrom);
            zeroFromField = value;
        }
    }

    /// <summary>
    /// page-&gt;private when PG_private is set: the page's buffer heads, one per block, in
    /// order; null when the page has none (page_has_buffers).
    /// </summary>
    public IReadOnlyList<BufferHead>? Buffers
    {
        get
        {
            Read(Field.Buffers);
            return buffersField;
        }

        internal set
        {
            Write(Field.Buffers);
            buffersField = value;
        }
    }

    /// <summary>
    /// References: one for the page cache while the page is in it, one for each batch or
    /// isolation holding it. The page is freed when the count drops to zero.
    /// </summary>
    public int RefCount
    {
        get
        {
            Read(Field.RefCount);
            return refCountField;
        }

        internal set
        {
            Write(Field.RefCount);
            refCountField = value;
        }
    }

    /// <summary>
    /// The young bit of the ptes mapping the page: set by an access through a mapping, found and
    /// cleared by reclaim's folio_referenced. The model keeps one bit for all of the page's ptes.
    /// </summary>
    public bool Referenced
    {
        get
        {
            Read(Field.Referenced);
            return referencedField;
        }

        internal set
        {
            Write(Field.Referenced);
            referencedField = value;
        }
    }

    /// <summary>
    /// PG_reclaim: reclaim wants the page freed as soon as its writeback ends. Set by pageout
    /// before -&gt;writepage, from 3.2 on a dirty file page reclaim leaves to the flusher, and
    /// from 3.6 on a page reclaim finds under writeback; cleared by end_page_writeback (which
    /// rotates the page to its LRU's tail, <see cref="Vmscan.RotateReclaimablePage"/>), by
    /// pageout when the write was synchronous, by clear_page_dirty_for_io (2.6.23 to 2.6.38) and
    /// by set_page_dirty (2.6.39 on). From 4.11 kswapd writes a dirty page only if it carries it
    /// (it met the page before).
    /// </summary>
    public bool Reclaim
    {
        get
        {
            Read(Field.Reclaim);
            return reclaimField;
        }

        internal set
        {
            Write(Field.Reclaim);
            reclaimField = value;
        }
    }

    /// <summary>
    /// PG_active: the page is on its LRU's active list (the model's one list restricted to the
    /// pages with it set, <see cref="Vmscan.Lru"/>). Set where reclaim activates a page
    /// (activate_locked) and by mark_page_accessed's second access; cleared by
    /// shrink_active_list's deactivation and, from 4.11, by the rotation at the end of writeback.
    /// </summary>
    public bool Active
    {
        get
        {
            Read(Field.Active);
            return activeField;
        }

        internal set
        {
            Write(Field.Active);
            activeField = value;
        }
    }

    /// <summary>
    /// PG_referenced: an access through a system call since the page was last looked at
    /// (mark_page_accessed's first access), which reclaim tests and clears beside the ptes' young
    /// bits (<see cref="Referenced"/>); from 2.6.34 also the mark page_check_references leaves on
    /// a mapped page it keeps once, so that a second reference activates it.
    /// </summary>
    public bool PageReferenced
    {
        get
        {
            Read(Field.PageReferenced);
            return pageReferencedField;
        }

        internal set
        {
            Write(Field.PageReferenced);
            pageReferencedField = value;
        }
    }

    /// <summary>Set when the last reference went away; cleared when the allocator hands the frame out again.</summary>
    public bool Freed
    {
        get
        {
            Read(Field.Freed);
            return freedField;
        }

        internal set
        {
            Write(Field.Freed);
            freedField = value;
        }
    }

    /// <summary>
    /// Model bookkeeping: how many times the allocator has handed this frame out (the struct page
    /// outlives each use of it). Code that keeps a page across a window without a reference
    /// remembers the generation it saw, so a touch after a reuse is caught too.
    /// </summary>
    public int Generation
    {
        get
        {
            Read(Field.Generation);
            return generationField;
        }

        internal set
        {
            Write(Field.Generation);
            generationField = value;
        }
    }

    /// <summary>
    /// Model bookkeeping: who dropped the last reference the last time the page was freed (the
    /// thread, null in set-up, and the function), for the use-after-free report, which words it.
    /// </summary>
    /// <summary>
    /// Model bookkeeping, not state: the number of the engine's step in which the page was last
    /// freed (null in set-up, or under a runtime that does not number steps), for the
    /// use-after-free report. Set with <see cref="FreedBy"/>.
    /// </summary>
    public int? FreedAtStep
    {
        get => freedAtStepField;
        internal set => freedAtStepField = value;
    }

    public (ModelThread? Thread, string? Function) FreedBy
    {
        get
        {
            Read(Field.FreedBy);
            return freedByField;
        }

        internal set
        {
            Write(Field.FreedBy);
            freedByField = value;
        }
    }

    /// <summary>Sleepers in folio_lock; Holder is the thread holding PG_locked. Made when first used.</summary>
    public WaitQueue LockQueue => lockQueue ??= new WaitQueue("PG_locked of page", indexField)
    {
        AccessId = AccessIds.Of(AccessIds.Kind.Page, Frame, 64),
    };

    /// <summary>Sleepers in folio_wait_writeback; Holder is who will end the writeback. Made when first used.</summary>
    public WaitQueue WritebackQueue => writebackQueue ??= new WaitQueue("PG_writeback of page", indexField)
    {
        AccessId = AccessIds.Of(AccessIds.Kind.Page, Frame, 65),
    };

    /// <summary>Flags as letters, in a fixed order: L locked, D dirty, W writeback, U uptodate, E error.</summary>
    public string FlagString() =>
        string.Concat(Locked ? "L" : "", Dirty ? "D" : "", Writeback ? "W" : "", Uptodate ? "U" : "", Error ? "E" : "");

    public override string ToString() => $"page {indexField}";

    private void Read(Field field) => AccessLog.Read(AccessIds.Of(AccessIds.Kind.Page, Frame, (int)field));

    private void Write(Field field) => AccessLog.Write(AccessIds.Of(AccessIds.Kind.Page, Frame, (int)field));

    /// <summary>The page's fields, as <see cref="AccessIds"/> numbers them.</summary>
    private enum Field
    {
        Index,
        Mapping,
        Locked,
        Dirty,
        Writeback,
        Uptodate,
        Error,
        DirtyPendingTag,
        CommittedVersion,
        Version,
        ZeroFrom,
        Buffers,
        RefCount,
        Referenced,
        Freed,
        Generation,
        FreedBy,
        Reclaim,
        Active,
        PageReferenced,
    }

}
