namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>
/// File blocks [<paramref name="FirstBlock"/>, +<paramref name="Count"/>) on disk blocks
/// [<paramref name="DiskBlock"/>, +<paramref name="Count"/>). <paramref name="Boundary"/>: the
/// last of them carries BH_Boundary. <paramref name="New"/>: not allocated yet; get_block with
/// create allocates them there (BH_New) and a read sees a hole.
/// </summary>
public sealed record LayoutExtent(long FirstBlock, long Count, long DiskBlock, bool Boundary = false, bool New = false)
{
    public long LastBlock => FirstBlock + Count - 1;

    public bool Contains(long block) => block >= FirstBlock && block <= LastBlock;
}
