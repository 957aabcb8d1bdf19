using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs.Classic;

namespace Wbcheck.Coyote.Tests.Runtime;

/// <summary>
/// The classic programs under Coyote: each bug is found by Coyote's own TestingEngine and named
/// as our engine names it. Odds are stated per test; the seeds are fixed, so each run is the same.
/// </summary>
public sealed class ClassicProgramTests
{
    [Fact]
    public void A_lost_update_is_a_model_assertion()
    {
        var report = CoyoteEngine.Run(new LostUpdate(0), CoyoteSettings.Default with { Iterations = 200 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.ModelAssertion, report.Bug.Kind);
        Assert.Equal("lost_update", report.Bug.Source);
        Assert.NotNull(report.ReproducibleTrace);
        Assert.NotEmpty(report.ModelSteps);
    }

    [Fact]
    public void Lock_order_inversion_is_a_deadlock()
    {
        var report = CoyoteEngine.Run(new LockOrderInversion(0), CoyoteSettings.Default with { Iterations = 200 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.Deadlock, report.Bug.Kind);
    }

    [Fact]
    public void Dining_philosophers_deadlock()
    {
        var report = CoyoteEngine.Run(new DiningPhilosophers(5), CoyoteSettings.Default with { Iterations = 500 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.Deadlock, report.Bug.Kind);
    }

    [Fact]
    public void The_wrong_lock_counter_is_a_model_assertion()
    {
        var report = CoyoteEngine.Run(new WrongLockCounter(3), CoyoteSettings.Default with { Iterations = 200 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.ModelAssertion, report.Bug.Kind);
        Assert.Equal("wrong_lock", report.Bug.Source);
    }
}
