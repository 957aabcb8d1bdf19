using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// The on-disk block map of one file, kept as a filesystem of the ext2 kind keeps it: where each
/// file block is on the disk (or a hole), which blocks are reserved for allocation and not yet
/// allocated, which carry a boundary mark, and which indirect block maps each block. Allocation
/// changes it; everything else only reads it.
/// </summary>
public sealed class BlockMap
{
    private readonly long[] disk;
    private readonly bool[] allocated;
    private readonly bool[] boundary;
    private readonly LayoutIndirectBlock?[] indirect;

    public BlockMap(FileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var blocks = layout.PageCount * layout.BlocksPerPage;
        disk = new long[blocks];
        allocated = new bool[blocks];
        boundary = new bool[blocks];
        indirect = new LayoutIndirectBlock?[blocks];
        Array.Fill(disk, -1);
        foreach (var extent in layout.Extents)
        {
            for (var i = 0L; i < extent.Count; i++)
            {
                disk[extent.FirstBlock + i] = extent.DiskBlock + i;
                allocated[extent.FirstBlock + i] = !extent.New;
            }

            boundary[extent.LastBlock] = extent.Boundary;
        }

        foreach (var block in layout.IndirectBlocks)
        {
            for (var i = block.FirstBlock; i <= block.LastBlock; i++)
            {
                indirect[i] = block;
            }
        }
    }

    /// <summary>File blocks the map covers: every block of every page of the file.</summary>
    public long Blocks => disk.Length;

    /// <summary>The disk block of <paramref name="block"/>, allocated or reserved; -1 for a hole.</summary>
    public long DiskBlock(long block) => block < disk.Length ? disk[block] : -1;

    public bool IsAllocated(long block) => block < disk.Length && allocated[block];

    public bool IsBoundary(long block) => block < disk.Length && boundary[block];

    /// <summary>The indirect block that must be read to map <paramref name="block"/>; null for a direct block.</summary>
    public LayoutIndirectBlock? IndirectOf(long block) => block < disk.Length ? indirect[block] : null;

    /// <summary>
    /// Whether a run of blocks of the same kind (allocated or reserved) that reaches
    /// <paramref name="block"/> goes on to the next one: it must follow on the disk and be
    /// mapped through the same indirect block, and a boundary block always ends a run. A hole
    /// starts no run (ext2_get_blocks maps nothing for a hole without create).
    /// </summary>
    public bool RunContinues(long block)
    {
        var next = block + 1;
        return next < disk.Length
            && !boundary[block]
            && disk[block] >= 0
            && disk[next] == disk[block] + 1
            && allocated[next] == allocated[block]
            && indirect[next] == indirect[block];
    }

    internal void Allocate(long block) => allocated[block] = true;
}
