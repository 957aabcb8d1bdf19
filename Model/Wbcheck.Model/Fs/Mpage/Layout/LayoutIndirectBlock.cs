namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>
/// A metadata block at <paramref name="DiskBlock"/> that get_block must have read to map file
/// blocks [<paramref name="FirstBlock"/>, +<paramref name="Count"/>): an indirect block.
/// <paramref name="Cached"/>: already in the buffer cache (no read needed). <paramref name="Dirty"/>:
/// cached and dirty, so write_boundary_block writes it.
/// </summary>
public sealed record LayoutIndirectBlock(long DiskBlock, long FirstBlock, long Count, bool Cached = false, bool Dirty = false)
{
    public long LastBlock => FirstBlock + Count - 1;

    public bool Maps(long block) => block >= FirstBlock && block <= LastBlock;
}
