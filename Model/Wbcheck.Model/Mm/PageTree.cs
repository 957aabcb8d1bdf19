using System.Numerics;
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
            AccessLog.Read(SizeId);
            return pages.Length;
        }
    }

    public int Count
    {
        get
        {
            AccessLog.Read(CountId);
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
        ReadMarks(index, XaMark.Dirty | XaMark.Writeback | XaMark.Towrite);
        return index >= 0 && index < marks.Length ? marks[index] : XaMark.None;
    }

    [Models("lib/xarray.c", "xa_get_mark", "6.9")]
    public bool GetMark(long index, XaMark mark)
    {
        ReadMarks(index, mark);
        return index >= 0 && index < marks.Length && (marks[index] & mark) != 0;
    }

    public void Store(long index, Page page)
    {
        Bug.On(Load(index) is not null, "xa_store", $"index {index} is already occupied");
        AccessLog.Write(CountId);
        AccessLog.Write(SlotId(index));
        WriteMarks(index, XaMark.Dirty | XaMark.Writeback | XaMark.Towrite);
        Grow(index);
        pages[index] = page;
        marks[index] = XaMark.None;
        count++;
    }

    /// <summary>Remove the entry; its marks go with it, as in the xarray.</summary>
    public void Erase(long index)
    {
        Bug.On(Load(index) is null, "xa_erase", $"no entry at index {index}");
        AccessLog.Write(CountId);
        AccessLog.Write(SlotId(index));
        WriteMarks(index, XaMark.Dirty | XaMark.Writeback | XaMark.Towrite);
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
        WriteMarks(index, mark & ~marks[index], mark & marks[index]);
        marks[index] |= mark;
    }

    [Models("lib/xarray.c", "xa_clear_mark", "6.9")]
    public void ClearMark(long index, XaMark mark)
    {
        if (index >= 0 && index < marks.Length)
        {
            WriteMarks(index, mark & marks[index], mark & ~marks[index]);
            marks[index] &= ~mark;
        }
        else
        {
            ReadMarks(index, mark);
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
        AccessLog.Read(SizeId);
        var last = Math.Min(end, pages.Length - 1L);
        for (var index = Math.Max(start, 0); index <= last; index++)
        {
            AccessLog.Read(SlotId(index));
            ReadMarks(index, mark);

            if (pages[index] is not null && (mark == XaMark.None || (marks[index] & mark) != 0))
            {
                return index;
            }
        }

        return -1;
    }

    // The tree's count and its size are an object each (an erase changes the count, never the
    // size a lookup scans to); each slot's entry is one more, and each of its marks one more
    // (xa_set_mark of one mark leaves the others, and a lookup by one mark reads only that one).
    private ulong CountId => AccessIds.Of(AccessIds.Kind.Tree, ino, (int)AccessIds.TreeField.Count);

    private ulong SizeId => AccessIds.Of(AccessIds.Kind.Tree, ino, (int)AccessIds.TreeField.Size);

    private ulong SlotId(long index) => AccessIds.Of(AccessIds.Kind.TreeSlot, AccessIds.InodeIndex(ino, index));

    private ulong MarkId(long index, int bit) => AccessIds.Of(AccessIds.Kind.TreeMarks, AccessIds.InodeIndex(ino, index), bit);

    private void ReadMarks(long index, XaMark read)
    {
        for (var bits = (uint)read; bits != 0; bits &= bits - 1)
        {
            AccessLog.Read(MarkId(index, BitOperations.TrailingZeroCount(bits)));
        }
    }

    // A mark set that was set, or cleared that was clear, changes nothing: a read of it.
    private void WriteMarks(long index, XaMark changed, XaMark unchanged = XaMark.None)
    {
        for (var bits = (uint)changed; bits != 0; bits &= bits - 1)
        {
            AccessLog.Write(MarkId(index, BitOperations.TrailingZeroCount(bits)));
        }

        ReadMarks(index, unchanged);
    }

    private void Grow(long index)
    {
        AccessLog.Read(SizeId);
        if (index < pages.Length)
        {
            return;
        }

        AccessLog.Write(SizeId);

        var size = pages.Length;
        while (size <= index)
        {
            size *= 2;
        }

        Array.Resize(ref pages, size);
        Array.Resize(ref marks, size);
    }
}
