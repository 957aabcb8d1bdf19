using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Filesystems;
using Xunit;

namespace Wbcheck.Samples.Ext4Like.Tests;

/// <summary>The sample's bug switch, <see cref="Ext4LikeFs.ClearTowriteOnPartialPage"/>: the harness must catch it, minimized.</summary>
public class ClearTowriteOnPartialPageTests
{
    private static Ext4LikeFs Broken(Wbcheck.Model.Kernel kernel) => new(kernel) { ClearTowriteOnPartialPage = true };

    [Fact]
    public void Fsync_vs_dirtier_fails_with_a_minimized_trace_of_an_fsync_that_left_data_behind()
    {
        var thrown = Assert.Throws<FilesystemCheckFailedException>(() => FilesystemScenarios.Check(FsyncVsDirtier.ScenarioName, Broken));

        var result = thrown.Result;
        Assert.Equal(BugKind.SafetyMonitor, result.Trace!.Bug.Kind);
        Assert.Equal(IntegrityMonitor.Name, result.Trace.Bug.Source);
        Assert.True(result.Trace.Minimized);
        // Fewest preemptions first, then fewest steps (a trace with fewer preemptions may be longer).
        var original = result.Minimization!;
        Assert.True(
            result.Trace.Preemptions < original.OriginalPreemptions ||
            (result.Trace.Preemptions == original.OriginalPreemptions && result.Trace.Steps.Count <= original.OriginalSteps));
        Assert.Contains("minimized trace:", thrown.Message);
    }

    [Fact]
    public void No_lost_dirty_data_fails_with_a_shrunk_counterexample_of_a_write_and_an_fsync()
    {
        var failed = Assert.Throws<PropertyFailedException>(
            () => PropertyCheck.Run("no lost dirty data", FilesystemProperties.NoLostDirtyData(Broken), PropertyOptions.Default with { MaxTest = 200 }));

        Assert.Contains(IntegrityMonitor.Name, failed.Message);
        Assert.Contains("fsync", failed.Counterexample);
    }
}
