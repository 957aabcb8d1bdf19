namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// unlink(2) of the file and the case's last close of it: its shared mapping (if any) unmapped,
/// i_nlink to 0, and the case's reference dropped (iput). The last reference evicts the inode
/// (iput_final, evict, truncate_inode_pages_final, clear_inode) in whichever thread drops it:
/// this one, or a paused operation that held the file open. Later commands on the file find it
/// gone and do nothing; reclaim still meets its pages, as kswapd does through the LRU.
/// </summary>
public sealed record UnlinkCommand(int File, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => $"unlink f{File}";
}
