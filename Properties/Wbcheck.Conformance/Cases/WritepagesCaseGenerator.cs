using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Cases;

/// <summary>
/// Random cases for a writeback pass, and their shrinker. Indexes run past one batch (by default
/// to 23, past 2.6.20's pagevec of 14; the 6.9 target's to 40, past its folio batch of 31), so
/// batch edges, ranges ending inside the cache and cyclic wrap-arounds all occur. The
/// shrinker drops pages, then flags, then makes the filesystem and the writeback_control plainer.
/// </summary>
public static class WritepagesCaseGenerator
{
    public const int MaxIndex = 23;

    /// <summary>The largest index any target's cases use: the model's inode is this big.</summary>
    public const int LargestIndex = 40;

    public static Arbitrary<WritepagesCase> Arbitrary { get; } = Arb.From(Case(), Shrink);

    public static Arbitrary<IConformanceCase> For(int maxIndex, int batchSize) =>
        Arb.From(Case(maxIndex, batchSize).Select(c => (IConformanceCase)c), c => Shrink((WritepagesCase)c).Select(s => (IConformanceCase)s));

    public static Gen<WritepagesCase> Case(int maxIndex = MaxIndex, int batchSize = 14) =>
        from present in Gen.ListOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), maxIndex + 1)
        from failing in Gen.Elements(false, true)
        from pages in Gen.CollectToArray(Enumerable.Range(0, maxIndex + 1).Where(i => present[i]), i => PageAt(i, failing))
        from syncAll in Gen.Elements(false, true)
        from nr in Gen.Frequency(
            (2, Gen.Constant(WritepagesCase.LongMax)), (3, Gen.Choose(1, 16).Select(n => (long)n)), (1, Gen.Choose(-1, 0).Select(n => (long)n)),
            (2, Gen.Constant(FirstBatchWrites(pages, batchSize))))
        from cyclic in Gen.Elements(false, true)
        from first in Gen.Choose(0, maxIndex + 2)
        from length in Gen.Choose(0, maxIndex + 2)
        from whole in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from oddStart in Gen.Choose(0, 4095)
        from oddEnd in Gen.Frequency((3, Gen.Constant(Page.PageSize - 1)), (1, Gen.Choose(0, Page.PageSize - 1)))
        from writebackIndex in Gen.Choose(0, maxIndex + 2)
        from nonblocking in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from congestedAfter in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(0, 6)))
        select new WritepagesCase(
            [.. pages],
            syncAll,
            nr,
            cyclic,
            whole ? 0 : ((long)first << WritebackControl.PageShift) + (oddStart % 2 == 0 ? 0 : oddStart),
            whole ? WritebackControl.LLongMax : ((long)(first + length) << WritebackControl.PageShift) + oddEnd,
            writebackIndex,
            nonblocking,
            congestedAfter);

    /// <summary>
    /// The pages the first pagevec of a pass from 0 would write, if nothing else stopped it: the
    /// nr_to_write on which "this pagevec used it up" and "one more pagevec" part.
    /// </summary>
    private static long FirstBatchWrites(CasePage[] pages, int batchSize) =>
        Math.Max(1, pages.Where(p => p.TagDirty).Take(batchSize).Count(p => p.Dirty && !p.Writeback && p.Action is FsAction.WriteAsync or FsAction.WriteSync or FsAction.Redirty));

    /// <summary>A page; only a <paramref name="failing"/> filesystem returns errors or AOP_WRITEPAGE_ACTIVATE (half the cases write every page).</summary>
    private static Gen<CasePage> PageAt(int index, bool failing) =>
        from dirty in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from staleTag in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from writeback in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from locked in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from error in Gen.Frequency((8, Gen.Constant(false)), (1, Gen.Constant(true)))
        from action in Gen.Frequency(
            (6, Gen.Constant(FsAction.WriteAsync)), (3, Gen.Constant(FsAction.WriteSync)), (1, Gen.Constant(FsAction.Redirty)),
            (failing ? 1 : 0, Gen.Constant(FsAction.Activate)), (failing ? 1 : 0, Gen.Constant(FsAction.Eio)), (failing ? 1 : 0, Gen.Constant(FsAction.Enospc)))
        select new CasePage(index, locked, dirty, writeback, error, dirty || staleTag, action);

    /// <summary>Fewer pages, then fewer flags, then a plainer filesystem and writeback_control.</summary>
    public static IEnumerable<WritepagesCase> Shrink(WritepagesCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var pages = c.Pages;
        if (pages.Length > 3)
        {
            yield return c with { Pages = [.. pages.Take(pages.Length / 2)] };
            yield return c with { Pages = [.. pages.Skip(pages.Length / 2)] };
        }

        for (var i = pages.Length - 1; i >= 0; i--)
        {
            yield return c with { Pages = pages.RemoveAt(i) };
        }

        for (var i = 0; i < pages.Length; i++)
        {
            foreach (var simpler in ShrinkPage(pages[i]))
            {
                yield return c with { Pages = pages.SetItem(i, simpler) };
            }
        }

        // Move pages down to lower indexes, keeping their order.
        for (var i = 0; i < pages.Length; i++)
        {
            var lower = i == 0 ? 0 : pages[i - 1].Index + 1;
            if (pages[i].Index > lower)
            {
                yield return c with { Pages = pages.SetItem(i, pages[i] with { Index = lower }) };
            }
        }

        if (c.Nonblocking)
        {
            yield return c with { Nonblocking = false, CongestedAfter = -1 };
        }

        if (c.CongestedAfter > 0)
        {
            yield return c with { CongestedAfter = c.CongestedAfter - 1 };
        }

        if (c.NrToWrite != WritepagesCase.LongMax)
        {
            yield return c with { NrToWrite = WritepagesCase.LongMax };
        }

        if (c.NrToWrite is > 1 and < WritepagesCase.LongMax)
        {
            yield return c with { NrToWrite = c.NrToWrite - 1 };
        }

        if (c.SyncAll)
        {
            yield return c with { SyncAll = false };
        }

        if (c.RangeCyclic)
        {
            yield return c with { RangeCyclic = false };
        }

        if (c.WritebackIndex > 0)
        {
            yield return c with { WritebackIndex = 0 };
            yield return c with { WritebackIndex = c.WritebackIndex - 1 };
        }

        if (c.RangeStart != 0 || c.RangeEnd != WritebackControl.LLongMax)
        {
            yield return c with { RangeStart = 0, RangeEnd = WritebackControl.LLongMax };
        }

        if (c.RangeStart > 0)
        {
            yield return c with { RangeStart = Math.Max(0, (c.RangeStart >> WritebackControl.PageShift) - 1) << WritebackControl.PageShift };
        }
    }

    private static IEnumerable<CasePage> ShrinkPage(CasePage page)
    {
        if (page.Locked)
        {
            yield return page with { Locked = false };
        }

        if (page.Writeback)
        {
            yield return page with { Writeback = false };
        }

        if (page.Error)
        {
            yield return page with { Error = false };
        }

        if (page.TagDirty && !page.Dirty)
        {
            yield return page with { Dirty = true };
        }

        if (page.Action != FsAction.WriteAsync)
        {
            yield return page with { Action = FsAction.WriteAsync };
        }
    }
}
