namespace Wbcheck.Model;

/// <summary>
/// A version of the writeback code the model can run, oldest first. Each era begins with the
/// kernel change that ended the one before; <see cref="KernelEras"/> holds the history.
/// </summary>
public enum KernelEra
{
    /// <summary>The list era: pages on the mapping's clean/dirty/locked/io lists; writeback walks io_pages.</summary>
    V2_5,

    /// <summary>generic_writepages: DIRTY-tag walk, nr_to_write bounds every sync mode.</summary>
    V2_6_20,

    /// <summary>write_cache_pages after Nick Piggin's series: integrity syncs unbounded, cyclic passes wrap.</summary>
    V2_6_29,

    /// <summary>TOWRITE tagging ends the fsync livelock.</summary>
    V2_6_36,

    /// <summary>Dirtiers lock out truncation (do_wp_page dirties under the page lock).</summary>
    V3_19,

    /// <summary>errseq_t: a writeback error is reported to every open file description.</summary>
    V4_13,

    /// <summary>errseq: an error nobody has seen is reported to a file opened after it.</summary>
    V4_17,

    /// <summary>range_cyclic writeback no longer wraps back to 0 within a pass.</summary>
    V4_20,

    /// <summary>Integrity writeback goes on after a -&gt;writepage error and returns the first.</summary>
    V5_0,

    /// <summary>writeback_iter, with write_cache_pages a wrapper around it.</summary>
    V6_9,

    /// <summary>The flusher's loop goes round until it has queued inodes; kupdate requeues only expired inodes.</summary>
    V6_10,
}
