using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Model.Tests.ReclaimDifferential;

/// <summary>
/// Cases for <see cref="DirectReclaimDifferentialTests"/>: up to five runs of pages of one kind,
/// each of up to 120 pages (an inactive list of up to 600: priorities from about 4 down scan
/// something, and the deferred counts of 2.6.20-2.6.36 reach a batch at different rounds), with
/// laptop_mode on or off. Dirty pages only to 3.19: from 4.11 direct reclaim activates a dirty
/// page it meets (and wakes the flushers on a batch of them), which the reference leaves out.
/// Shrinking drops a run, halves one, takes a page off one, and turns laptop_mode off.
/// </summary>
internal static class ReclaimCaseGen
{
    public static Arbitrary<ReclaimCase> Arbitrary(KernelEra era)
    {
        var kinds = era <= KernelEra.V3_19 ? new[] { ReclaimPage.Clean, ReclaimPage.Pinned, ReclaimPage.Dirty } : [ReclaimPage.Clean, ReclaimPage.Pinned];
        var run = from kind in Gen.Elements(kinds)
                  from count in Gen.Frequency((3, Gen.Choose(1, 40)), (2, Gen.Choose(1, 120)))
                  select (kind, count);
        var gen = from runs in Gen.Choose(1, 5).SelectMany(n => Gen.ListOf(run, n))
                  from laptop in Gen.Elements(false, true)
                  select Case(era, laptop, runs);
        return Arb.From(gen, c => Shrink(era, c));
    }

    private static ReclaimCase Case(KernelEra era, bool laptop, IEnumerable<(ReclaimPage Kind, int Count)> runs) =>
        new(era, laptop, [.. runs.SelectMany(r => Enumerable.Repeat(r.Kind, r.Count))]);

    private static IEnumerable<ReclaimCase> Shrink(KernelEra era, ReclaimCase c)
    {
        var runs = Runs(c.Pages);
        if (c.LaptopMode)
        {
            yield return c with { LaptopMode = false };
        }

        for (var i = 0; i < runs.Count; i++)
        {
            yield return Case(era, c.LaptopMode, runs.Where((_, j) => j != i));
        }

        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].Count > 1)
            {
                yield return Case(era, c.LaptopMode, runs.Select((r, j) => j == i ? (r.Kind, r.Count / 2) : r));
                yield return Case(era, c.LaptopMode, runs.Select((r, j) => j == i ? (r.Kind, r.Count - 1) : r));
            }
        }
    }

    private static List<(ReclaimPage Kind, int Count)> Runs(IReadOnlyList<ReclaimPage> pages)
    {
        var runs = new List<(ReclaimPage Kind, int Count)>();
        foreach (var page in pages)
        {
            if (runs.Count > 0 && runs[^1].Kind == page)
            {
                runs[^1] = (page, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((page, 1));
            }
        }

        return runs;
    }
}
