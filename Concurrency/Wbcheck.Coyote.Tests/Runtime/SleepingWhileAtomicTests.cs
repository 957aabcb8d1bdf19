using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Tests.Runtime;

/// <summary>A scheduling point inside a spinlock section is a bug under Coyote as under our engine.</summary>
public sealed class SleepingWhileAtomicTests
{
    private static readonly StepLabel Inside = new("inside tree_lock");

    [Fact]
    public void A_scheduling_point_inside_a_spinlock_section_is_reported_naming_the_lock()
    {
        var program = new TestProgram("atomic", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("walker", async () =>
            {
                runtime.EnterAtomic("tree_lock");
                await runtime.Schedule(PointKind.Yield, Inside);
                runtime.ExitAtomic();
            });
        });

        var report = CoyoteEngine.Run(program, CoyoteSettings.Default with { Iterations = 3 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.SleepingWhileAtomic, report.Bug.Kind);
        Assert.Equal("tree_lock", report.Bug.Source);
        Assert.Equal(BugKind.SleepingWhileAtomic, Traces.CoyoteCarry.ToBugTrace(program, report).Bug.Kind);
    }
}
