using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Properties.Filesystems;
using Xunit;

namespace Wbcheck.Samples.XfsLike.Tests;

/// <summary>The sample's bug switch, <see cref="XfsLikeFs.WrapInsideWritepages"/>: the harness must catch it, with a minimized trace.</summary>
public class WrapInsideWritepagesTests
{
    [Fact]
    public void Wrapping_inside_writepages_fails_the_cyclic_wrap_scenario_with_a_minimized_deadlock_trace()
    {
        var thrown = Assert.Throws<FilesystemCheckFailedException>(
            () => FilesystemScenarios.Check(CyclicWrapDeadlock.ScenarioName, kernel => new XfsLikeFs(kernel) { WrapInsideWritepages = true }));

        var result = thrown.Result;
        Assert.Equal(BugKind.Deadlock, result.Trace!.Bug.Kind);
        Assert.True(result.Trace.Minimized);
        // Fewest preemptions first, then fewest steps (a trace with fewer preemptions may be longer).
        var original = result.Minimization!;
        Assert.True(
            result.Trace.Preemptions < original.OriginalPreemptions ||
            (result.Trace.Preemptions == original.OriginalPreemptions && result.Trace.Steps.Count <= original.OriginalSteps));
        Assert.Contains("minimized trace:", thrown.Message);
        Assert.Contains(result.Timeline!, thrown.Message);
    }
}
