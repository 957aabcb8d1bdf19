using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The page tree of a mapping (the radix tree, now the xarray): pages by index, each entry with
/// its marks. Callers hold the tree lock; lookups return entries in ascending index order.
/// Files here are small, so a dense array indexed by page index is the whole structure.
/// </summary>
[Models("include/linux/xarray.h", "struct xarray", "6.9")]
public sealed class PageTree(long ino = 0)
{
    private Page?[] pages = new Page?[8];
    private XaMark[] marks = new XaMark[8];
    private int count;

    /// <summary>One past the highest index the tree has room for; indices at or above hold nothing.</summary>
    public long Capacity
    {
        get
        {
            AccessLog.Read(WholeId);
            return pages.Length;
        }
    }

    public int Count
    {
        get
        {
            AccessLog.Read(WholeId);
            return count;
        }
    }

    public Page? Load(long index)
    {
        AccessLog.Read(SlotId(index));
        return index >= 0 && index < pages.Length ? pages[index] : null;
    }

    public XaMark Marks(long index)
    {
        AccessLog.Read(MarksId(index));
        return index >= 0 && index < marks.Length ? marks[index] : XaMark.None;
    }

    [Models("lib/xarray.c", "xa_get_mark", "6.9")]
    public bool GetMark(long index, XaMark mark) => (Marks(index) & mark) != 0;

    public void Store(long index, Page page)
    {
        Bug.On(Load(index) is not null, "xa_store", $"index {index} is already occupied");
        AccessLog.Write(WholeId);
        AccessLog.Write(SlotId(index));
        AccessLog.Write(MarksId(index));
        Grow(index);
        pages[index] = page;
        marks[index] = XaMark.None;
        count++;
    }

    /// <summary>Remove the entry; its marks go with it, as in the xarray.</summary>
    public void Erase(long index)
    {
        Bug.On(Load(index) is null, "xa_erase", $"no entry at index {index}");
        AccessLog.Write(WholeId);
        AccessLog.Write(SlotId(index));
        AccessLog.Write(MarksId(index));
        pages[index] = null;
        marks[index] = XaMark.None;
        count--;
    }

    [Models("lib/xarray.c", "xa_set_mark", "6.9")]
    public void SetMark(long index, XaMark mark)
    {
        // The xarray marks entries, not indices: marking an empty slot is a caller bug (the old
        // radix_tree_tag_set BUG()ed on a missing path).
        Bug.On(Load(index) is null, "xa_set_mark", $"{mark} mark set on empty index {index}");
        AccessLog.Write(MarksId(index));
        marks[index] |= mark;
    }

    [Models("lib/xarray.c", "xa_clear_mark", "6.9")]
    public void ClearMark(long index, XaMark mark)
    {
        AccessLog.Write(MarksId(index));
        if (index >= 0 && index < marks.Length)
        {
            marks[index] &= ~mark;
        }
    }

    /// <summary>
    /// The next index at or after <paramref name="start"/> and at most <paramref name="end"/>
    /// that holds a page carrying <paramref name="mark"/> (any page when mark is None), or -1.
    /// </summary>
    [Models("lib/xarray.c", "xas_find_marked", "6.9")]
    public long FindNext(long start, long end, XaMark mark)
    {
        // Every slot looked at is read, up to the one found; past the last slot, the tree's size.
        AccessLog.Read(WholeId);
        var last = Math.Min(end, pages.Length - 1L);
        for (var index = Math.Max(start, 0); index <= last; index++)
        {
            AccessLog.Read(SlotId(index));
            if (mark != XaMark.None)
            {
                AccessLog.Read(MarksId(index));
            }

            if (pages[index] is not null && (mark == XaMark.None || (marks[index] & mark) != 0))
            {
                return index;
            }
        }

        return -1;
    }

    // The tree's count and size are one object; each slot's entry and its marks are two more.
    private ulong WholeId => AccessIds.Of(AccessIds.Kind.Tree, ino);

    private ulong SlotId(long index) => AccessIds.Of(AccessIds.Kind.TreeSlot, AccessIds.InodeIndex(ino, index));

    private ulong MarksId(long index) => AccessIds.Of(AccessIds.Kind.TreeMarks, AccessIds.InodeIndex(ino, index));

    private void Grow(long index)
    {
        if (index < pages.Length)
        {
            return;
        }

        var size = pages.Length;
        while (size <= index)
        {
            size *= 2;
        }

        Array.Resize(ref pages, size);
        Array.Resize(ref marks, size);
    }
}
