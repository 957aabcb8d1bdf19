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
}
