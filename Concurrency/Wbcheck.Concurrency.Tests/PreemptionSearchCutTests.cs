using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The minimizer's bounded search for fewer preemptions, once it has found the fewest, looks for a
/// shorter schedule only where one can be: it cuts each schedule where it could no longer end
/// shorter than the best, and keeps the trace the search without the cut keeps.
/// </summary>
public sealed class PreemptionSearchCutTests
{
    [Fact]
    public void The_search_for_a_shorter_trace_cuts_what_cannot_be_shorter_and_keeps_the_same_trace()
    {
        // fsync-vs-truncate on 4.13: PCT's trace has more preemptions than the one the bug needs;
        // bound 0 holds no schedule of it, bound 1 does, and its tree is bigger than the budget
        // when every schedule runs to its end (the matrix's minimization of this cell was 97% of it).
        var cell = CellCheck.Run(FsyncVsTruncate.ScenarioName, KernelEra.V4_13);
        var cut = new MinimizationSearch(cell.Program!, cell.Bug!, Execution.Deadline.None);
        var whole = new MinimizationSearch(cell.Program!, cell.Bug!, Execution.Deadline.None);

        var withCut = PreemptionSearch.Run(cut);
        var withoutCut = PreemptionSearch.Run(whole, cutAtBest: false);

        Assert.True(cell.Bug!.Preemptions > 1, $"premise: the trace found has {cell.Bug.Preemptions} preemptions");
        Assert.Equal(1, whole.BestPreemptions);
        Assert.Equal(whole.Best.ToJson(), cut.Best.ToJson());
        Assert.Equal(withoutCut.ProvedUpTo, withCut.ProvedUpTo);
        Assert.Equal(withoutCut.StepLimit, withCut.StepLimit);
        Assert.True(withCut.Schedules * 2 < withoutCut.Schedules, $"{withCut.Schedules} schedules with the cut, {withoutCut.Schedules} without");
    }
}
