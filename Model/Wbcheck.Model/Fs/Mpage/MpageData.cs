using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>What mpage_writepages carries from one page of its pass to the next.</summary>
[Models("fs/mpage.c", "struct mpage_data", "4.9")]
internal sealed class MpageData(GetBlockCallback getBlock, bool useWritepage)
{
    /// <summary>The bio being built, not yet submitted.</summary>
    public Bio? Bio { get; set; }

    /// <summary>The disk block the bio ends on: a page joins it only if its first block is the next one.</summary>
    public long LastBlockInBio { get; set; }

    public GetBlockCallback GetBlock { get; } = getBlock;

    /// <summary>Hand confused pages to -&gt;writepage (mpage_writepages), or return -EAGAIN (mpage_writepage).</summary>
    public bool UseWritepage { get; } = useWritepage;
}
