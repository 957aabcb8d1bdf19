namespace Wbcheck.Model.Fs.Mpage;

/// <summary>Why mpage gave a page up to the buffer-head fallback ("confused" in fs/mpage.c).</summary>
public enum ConfusedReason
{
    /// <summary>The page has buffers, and do_mpage_readpage never reads through them.</summary>
    HasBuffers,

    /// <summary>A dirty buffer that is not mapped (dirtied through mmap, not yet allocated).</summary>
    UnmappedDirtyBuffer,

    /// <summary>A mapped buffer that is clean or not uptodate: mpage writes only pages mapped and dirty throughout.</summary>
    BufferNotDirtyOrUptodate,

    /// <summary>Every buffer of the page is unmapped (the page was read over a hole by block_read_full_page).</summary>
    AllBuffersUnmapped,

    /// <summary>A mapped block after a hole in the same page.</summary>
    HoleThenMapped,

    /// <summary>The page's blocks are not contiguous on the disk.</summary>
    Discontiguous,

    /// <summary>get_block failed.</summary>
    GetBlockFailed,

    /// <summary>The page lies wholly past i_size (a truncate is in progress).</summary>
    PastEof,
}
