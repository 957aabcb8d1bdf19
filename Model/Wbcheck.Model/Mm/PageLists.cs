using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The page lists of a 2.5 address_space (clean_pages, dirty_pages, locked_pages, io_pages),
/// threaded through page-&gt;list: each cached page is on exactly one. Callers hold the mapping's
/// page_lock (the model's tree lock). As in the kernel, a page is added at the head and writeback
/// takes pages from the tail, so a list is walked oldest first.
/// </summary>
[Models("include/linux/fs.h", "struct address_space", "2.5.31")]
[Models("mpage_writepages.9 (manual page)", "mpage_writepages", "2.5")]
public sealed class PageLists(long ino = 0)
{
    // Each list is an object of the mapping (fields 40 to 43), and so is each page's place on them
    // (page->list, field 66 of its frame): moving one page between two lists changes those two
    // lists and that page's place, and leaves the other lists and pages as they were.
    private const int FirstListField = 40;
    private const int PlaceField = 66;

    private readonly LinkedList<Page>[] lists = [new(), new(), new(), new()];
    private readonly Dictionary<Page, LinkedListNode<Page>> nodes = [];

    /// <summary>The list <paramref name="page"/> is on, or null when it is on none (not cached).</summary>
    public PageListKind? ListOf(Page page)
    {
        AccessLog.Read(PlaceOf(page));
        return nodes.TryGetValue(page, out var node) ? (PageListKind)Array.IndexOf(lists, node.List) : null;
    }

    public int Count(PageListKind kind) => Read(kind).Count;

    /// <summary>Every page on any list, a page once.</summary>
    public int Total
    {
        get
        {
            foreach (var kind in Enum.GetValues<PageListKind>())
            {
                Read(kind);
            }

            return nodes.Count;
        }
    }

    /// <summary>The pages of one list, head (newest) first.</summary>
    public IEnumerable<Page> Pages(PageListKind kind) => Read(kind);

    /// <summary>The page at the tail (list-&gt;prev: the oldest), or null when the list is empty.</summary>
    public Page? Tail(PageListKind kind) => Read(kind).Last?.Value;

    /// <summary>The page at the head (list-&gt;next: the newest), or null when the list is empty.</summary>
    public Page? Head(PageListKind kind) => Read(kind).First?.Value;

    /// <summary>Put a page that is on no list at the head of <paramref name="kind"/>.</summary>
    [Models("include/linux/list.h", "list_add", "2.5.31")]
    public void Add(Page page, PageListKind kind)
    {
        AccessLog.Write(IdOf(kind));
        AccessLog.Write(PlaceOf(page));
        Bug.On(nodes.ContainsKey(page), "list_add", $"{page} is already on {ListOf(page)}");
        nodes[page] = lists[(int)kind].AddFirst(page);
    }

    /// <summary>Move a page from whatever list it is on to the head of <paramref name="kind"/>.</summary>
    [Models("include/linux/list.h", "list_move", "2.5.31")]
    public void MoveTo(Page page, PageListKind kind)
    {
        Remove(page);
        Add(page, kind);
    }

    /// <summary>Take a page off its list (it leaves the cache).</summary>
    [Models("include/linux/list.h", "list_del", "2.5.31")]
    public void Remove(Page page)
    {
        AccessLog.Write(PlaceOf(page));
        Bug.On(!nodes.Remove(page, out var node), "list_del", $"{page} is on no list");
        AccessLog.Write(IdOf((PageListKind)Array.IndexOf(lists, node!.List)));
        node.List!.Remove(node);
    }

    /// <summary>
    /// Move every page of <paramref name="from"/>, in order, to the head of <paramref name="to"/>
    /// and leave <paramref name="from"/> empty: the pages spliced are walked after those already
    /// on <paramref name="to"/>.
    /// </summary>
    [Models("include/linux/list.h", "list_splice_init", "2.5.31")]
    public void SpliceInit(PageListKind from, PageListKind to)
    {
        AccessLog.Write(IdOf(from));
        AccessLog.Write(IdOf(to));
        var source = lists[(int)from];
        var target = lists[(int)to];
        for (var node = source.Last; node is not null; node = source.Last)
        {
            AccessLog.Write(PlaceOf(node.Value));
            source.Remove(node);
            nodes[node.Value] = target.AddFirst(node.Value);
        }
    }

    private ulong IdOf(PageListKind kind) => AccessIds.Of(AccessIds.Kind.Mapping, ino, FirstListField + (int)kind);

    private static ulong PlaceOf(Page page) => AccessIds.Of(AccessIds.Kind.Page, page.Frame, PlaceField);

    private LinkedList<Page> Read(PageListKind kind)
    {
        AccessLog.Read(IdOf(kind));
        return lists[(int)kind];
    }
}
