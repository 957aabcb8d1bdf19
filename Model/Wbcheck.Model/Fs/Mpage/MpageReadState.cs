using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// The locals mpage_readpages shares with do_mpage_readpage through pointers: the bio being
/// built, where it ends, and the last mapping get_block returned, which may cover the pages
/// after the one that asked for it.
/// </summary>
[Models("fs/mpage.c", "mpage_readpages (bio, last_block_in_bio, map_bh, first_logical_block)", "4.9")]
internal sealed class MpageReadState
{
    public Bio? Bio { get; set; }

    public long LastBlockInBio { get; set; }

    /// <summary>map_bh: the run get_block mapped last, starting at file block <see cref="FirstLogicalBlock"/>.</summary>
    public BufferHead MapBh { get; } = new();

    public long FirstLogicalBlock { get; set; }
}
