using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct folio_batch (the old pagevec): pages a lookup returned, each holding a reference so it
/// cannot be freed, though it can still be truncated, until the batch is released.
/// </summary>
[Models("include/linux/pagevec.h", "struct folio_batch", "6.9")]
public sealed class FolioBatch(int capacity)
{
    private readonly Page[] pages = new Page[capacity];
    private int next;

    public int Capacity { get; } = capacity;

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    public Page this[int index] => pages[index];

    /// <summary>Add a page the caller has taken a reference on.</summary>
    [Models("include/linux/pagevec.h", "folio_batch_add", "6.9")]
    public void Add(Page page) => pages[Count++] = page;

    /// <summary>The next page not yet handed out, or null.</summary>
    [Models("include/linux/pagevec.h", "folio_batch_next", "6.9")]
    public Page? Next() => next < Count ? pages[next++] : null;

    /// <summary>Empty the batch without dropping references (folio_batch_reinit).</summary>
    internal void Clear()
    {
        Array.Clear(pages, 0, Count);
        Count = 0;
        next = 0;
    }
}
