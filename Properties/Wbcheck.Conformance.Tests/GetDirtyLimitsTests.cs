using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>2.6.20 get_dirty_limits, compiled from ../shared/reference (CONFIG_HIGHMEM on), against the model.</summary>
public sealed class GetDirtyLimitsTests(ITestOutputHelper output)
{
    [KernelFact]
    public void KernelAndModelAgreeOnAThousandCases()
    {
        var report = ConformanceCheck.Run(Compiled.GetDirtyLimits, 1000);
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
        Assert.Equal(2000, report.EventsCompared);
    }

    [KernelFact]
    public void The_lowmem_only_mapping_branch_is_compiled_and_agrees()
    {
        var c = new DirtyLimitsCase(1000, 600, 0, 0, 40, 10, Mapping: 2, LessThrottle: false, RealTime: false);
        var outcome = Differential.Differential.Compare(Compiled.GetDirtyLimits, c);
        Assert.Equal("limits background 40 dirty 160", outcome.Kernel[^1]);
        Assert.True(outcome.Equal, SideBySide.Render(outcome.Kernel, outcome.Model, "kernel", "model"));
    }

    [KernelFact]
    public void ChangingTheBoostOfALessThrottledTaskIsReported()
    {
        const string original = "background += background / 4;";
        var (divergence, _) = Compiled.Mutant(ConformanceTargets.GetDirtyLimits, null, original, "background += background / 2;", output);
        var shrunk = (DirtyLimitsCase)divergence.Case;
        Assert.True(shrunk.LessThrottle || shrunk.RealTime, shrunk.ToString());
    }
}
