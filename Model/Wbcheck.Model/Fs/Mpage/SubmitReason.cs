namespace Wbcheck.Model.Fs.Mpage;

/// <summary>Why a bio was submitted when it was: the rule of fs/mpage.c (or of its fallbacks) that sent it.</summary>
public enum SubmitReason
{
    /// <summary>The next page's first block does not follow the bio's last block on the disk.</summary>
    Discontiguous,

    /// <summary>The page ended on a BH_Boundary block: send the bio before the metadata read that mapping the next block needs.</summary>
    Boundary,

    /// <summary>The page ended in unmapped blocks (end of file, or a hole): nothing may follow it in the bio.</summary>
    PartialPage,

    /// <summary>bio_add_page failed with every one of BIO_MAX_PAGES segments taken.</summary>
    BioFull,

    /// <summary>bio_add_page failed below BIO_MAX_PAGES: mpage_alloc had to take a smaller bio (memory pressure).</summary>
    BioAddPageFailed,

    /// <summary>The next page is confused and goes to the buffer-head fallback; what was gathered goes first.</summary>
    Confused,

    /// <summary>mpage_writepages or mpage_readpages reached the end of its pages.</summary>
    EndOfPass,

    /// <summary>get_block read an indirect block to map the next blocks (sb_bread).</summary>
    IndirectBlockRead,

    /// <summary>write_boundary_block wrote the dirty metadata block after a boundary block.</summary>
    BoundaryBlockWrite,

    /// <summary>The fallback -&gt;writepage (block_write_full_page) wrote one buffer (submit_bh).</summary>
    BufferWrite,

    /// <summary>The fallback block_read_full_page read one buffer (submit_bh).</summary>
    BufferRead,
}
