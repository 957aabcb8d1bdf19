namespace Wbcheck.Properties.Mpage;

/// <summary>
/// An indirect block, as ext2 places one: it maps the file's blocks from <paramref name="FirstBlock"/>
/// up to the next indirect block's first (or the file's end) and sits on the disk just before the
/// first block it maps. <paramref name="Cache"/>: 0 not in the buffer cache (get_block reads it),
/// 1 cached, 2 cached and dirty (write_boundary_block writes it). <paramref name="BoundaryBefore"/>
/// marks the block before it BH_Boundary, as ext2's get_block does.
/// </summary>
public sealed record IndirectAt(long FirstBlock, int Cache, bool BoundaryBefore);
