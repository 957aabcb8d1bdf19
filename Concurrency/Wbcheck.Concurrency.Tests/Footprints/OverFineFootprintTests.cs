using Wbcheck.Concurrency.Tests.Programs;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// The other side of finer footprints (docs/search.md, "Bigger proofs"): a footprint finer than the
/// model's real sharing declares a dependent pair independent, and the reduction loses what only
/// the other order shows. Here the kernel model's page tree, with a mark change reported as a read
/// (as a value-aware rule that took a change for none would): the lookup's bug is lost.
/// </summary>
public sealed class OverFineFootprintTests(ITestOutputHelper output)
{
    [Fact]
    public void A_mark_write_reported_as_a_read_loses_the_order_that_shows_the_bug()
    {
        // The marker sets TOWRITE on page 1 (a change) and DIRTY (already set: a read). Reported
        // honestly, the change is a write of that mark, which the lookup by TOWRITE reads: both
        // orders are run and the bug is found. Reported as a read (as if the value-aware rule took
        // the change for none), the two steps look independent, DPOR runs one order only and
        // exhausts the program without the bug; DFS without reduction finds it.
        var configuration = TestingConfiguration.Default with { Strategy = "dfs", PreemptionBound = 2, Iterations = 1_000, StopAtFirstBug = false };
        var towriteWrites = ((0x7FUL << 57) | (0xFFUL << 1) | 1, ((ulong)AccessIds.Kind.TreeMarks << 57) | (2UL << 1) | 1);

        var honest = TestingEngine.Run(new TreeMarkLookup(), configuration);
        var overFine = TestingEngine.Run(new TreeMarkLookup(), configuration with { UnreportedAccesses = towriteWrites });
        var unreduced = TestingEngine.Run(new TreeMarkLookup(), configuration with { UnreportedAccesses = towriteWrites, Reduction = false });
        output.WriteLine($"honest: {honest.Summary()}\nover-fine: {overFine.Summary()}\nunreduced: {unreduced.Summary()}");

        Assert.Equal("towrite_lookup", Assert.Single(honest.Bugs).Bug.Source);
        Assert.Equal(StopReason.SpaceExhausted, overFine.StopReason);
        Assert.False(overFine.FoundBug, overFine.Summary());
        Assert.Equal("towrite_lookup", Assert.Single(unreduced.Bugs).Bug.Source);
    }
}
