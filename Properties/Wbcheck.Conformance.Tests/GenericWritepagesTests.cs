using System.Collections.Immutable;
using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Wbcheck.Model.Mm;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>2.6.20 generic_writepages, compiled from ../shared/reference, against the model.</summary>
public sealed class GenericWritepagesTests(ITestOutputHelper output)
{
    [KernelFact]
    public void KernelAndModelAgreeOnAThousandCases()
    {
        var report = ConformanceCheck.Run(Compiled.GenericWritepages, 1000);
        output.WriteLine($"{report.Cases} cases, {report.EventsCompared} events, tolerated: {string.Join(", ", report.Tolerated.Select(t => $"{t.Key} {t.Value}"))}");
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
    }

    [KernelFact]
    public void PagePastEndIsLockedAsTheSourceDoes()
    {
        // Pages 0 and 5 dirty, a pass over pages 0-3: the lookup asks for 4 pages, gets page 5
        // too, and the kernel locks it before it sees that it is past the end.
        var c = Plain([Dirty(0), Dirty(5)]) with { RangeStart = 0, RangeEnd = (4L << WritebackControl.PageShift) - 1 };
        var outcome = Differential.Differential.Compare(Compiled.GenericWritepages, c, []);
        Assert.Contains("lock_page 5", outcome.Kernel);
        Assert.DoesNotContain("->writepage 5", outcome.Kernel);
        Assert.True(outcome.Equal, SideBySide.Render(outcome.Kernel, outcome.Model, "kernel", "model"));
    }

    [KernelFact]
    public void CongestionExitIsToleratedOnlyByItsRow()
    {
        var c = Plain([Dirty(0), Dirty(1), Dirty(2)]) with { Nonblocking = true, CongestedAfter = 1, Pages = [.. Enumerable.Range(0, 16).Select(Dirty)] };
        var withTable = Differential.Differential.Compare(Compiled.GenericWritepages, c);
        Assert.False(withTable.Equal);
        Assert.Equal("congestion-exits", withTable.ExplainedBy?.Id);

        var withoutTable = Differential.Differential.Compare(Compiled.GenericWritepages, c, []);
        Assert.True(withoutTable.Diverges);
        Assert.EndsWith("encountered_congestion 1", withoutTable.Kernel[^1], StringComparison.Ordinal);
    }

    [KernelFact]
    public void CongestionRowDoesNotHideAnotherDifference()
    {
        var c = Plain([.. Enumerable.Range(0, 16).Select(Dirty)]) with { Nonblocking = true, CongestedAfter = 1 };
        var outcome = Differential.Differential.Compare(Compiled.GenericWritepages, c);
        var model = outcome.Model.ToList();
        model[model.IndexOf("->writepage 0 returns 0")] = "->writepage 0 returns -5";
        Assert.False(Tolerances.CongestionExit(c, outcome.Kernel, model));
        Assert.True(Tolerances.CongestionExit(c, outcome.Kernel, outcome.Model));
    }

    internal static WritepagesCase Plain(ImmutableArray<CasePage> pages) =>
        new(pages, false, WritepagesCase.LongMax, false, 0, WritebackControl.LLongMax, 0, false, -1);

    internal static CasePage Dirty(int index) => new(index, false, true, false, false, true, FsAction.WriteAsync);
}
