namespace Wbcheck.Properties.Writeback.Running;

/// <summary>What drives the pages of a writeback pass to the filesystem's -&gt;writepage.</summary>
public enum PassLoop
{
    /// <summary>do_writepages calls write_cache_pages of the era (from 6.9 a wrapper around writeback_iter).</summary>
    WriteCachePages,

    /// <summary>
    /// The filesystem has a -&gt;writepages that calls writeback_iter itself, as iomap does since
    /// 6.9: the 6.9 iterator, whatever the era of the rest of the model.
    /// </summary>
    WritebackIter,

    /// <summary>
    /// Like <see cref="WritebackIter"/>, with a bug in the loop: it tells the iterator every page
    /// went well, so a -&gt;writepage error neither stops a WB_SYNC_NONE pass nor is returned. A
    /// harness bug, to prove that the differential catches a loop that breaks the iterator's contract.
    /// </summary>
    WritebackIterLosingErrors,

    /// <summary>
    /// Like <see cref="WritebackIter"/>, with a bug in the loop: once the iterator has tagged and
    /// returned the first page of a ranged tagged pass, it tags TOWRITE past the range's end too,
    /// as a tag_pages_for_writeback that ignores its end would. A harness bug, to prove that
    /// <see cref="TowriteWatch"/> catches a tagging past the range.
    /// </summary>
    WritebackIterTaggingPastRange,

    /// <summary>
    /// Like <see cref="WritebackIter"/>, with a bug in the loop: once the iterator has tagged and
    /// returned the first page, it turns the control into an untagged WB_SYNC_NONE one, so the
    /// rest of the pass walks DIRTY, as a wbc_to_tag that picks DIRTY would make it. A harness
    /// bug, to prove that <see cref="TowriteWatch"/> catches a tagged pass walking DIRTY.
    /// </summary>
    WritebackIterWalkingDirty,
}
