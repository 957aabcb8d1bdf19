using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>The b_state bits of a buffer head that mpage and its fallbacks look at.</summary>
[Models("include/linux/buffer_head.h", "enum bh_state_bits", "4.9")]
[Flags]
public enum BufferState
{
    None = 0,

    /// <summary>BH_Uptodate: the buffer holds the block's current data.</summary>
    Uptodate = 1 << 0,

    /// <summary>BH_Dirty: the buffer holds data the disk does not have yet.</summary>
    Dirty = 1 << 1,

    /// <summary>BH_Lock: I/O on the buffer is in flight.</summary>
    Locked = 1 << 2,

    /// <summary>BH_Mapped: b_blocknr is the block's place on the disk.</summary>
    Mapped = 1 << 3,

    /// <summary>BH_New: get_block has just allocated the block; the disk holds no data of this file there yet.</summary>
    New = 1 << 4,

    /// <summary>BH_Async_Read: part of a page read whose last completion unlocks the page.</summary>
    AsyncRead = 1 << 5,

    /// <summary>BH_Async_Write: part of a page write whose last completion ends the page's writeback.</summary>
    AsyncWrite = 1 << 6,

    /// <summary>
    /// BH_Boundary: mapping the block after this one needs I/O on a metadata block near it (an
    /// indirect block), so I/O gathered so far should be sent now, in front of that read.
    /// </summary>
    Boundary = 1 << 7,

    /// <summary>
    /// BH_JBD: a journal head is attached, the buffer filed with a transaction of the journal
    /// (ordered data the commit must write first, journal_dirty_data). The journal holds a
    /// reference, so try_to_free_buffers finds it busy until the journal lets it go.
    /// </summary>
    Jbd = 1 << 8,
}
