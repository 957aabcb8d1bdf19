using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class TimersTests
{
    [Fact]
    public void Timers_run_when_due_in_expiry_then_arming_order()
    {
        var timers = new Timers(new SequentialRuntime());
        var ran = new List<string>();
        var late = new TimerList("late", () => ran.Add($"late@{timers.Jiffies}"));
        var first = new TimerList("first", () => ran.Add($"first@{timers.Jiffies}"));
        var second = new TimerList("second", () => ran.Add($"second@{timers.Jiffies}"));
        timers.ModTimer(late, 9);
        timers.ModTimer(first, 5);
        timers.ModTimer(second, 5);

        timers.Advance(10);

        Assert.Equal(["first@5", "second@5", "late@9"], ran);
    }

    [Fact]
    public void A_deleted_timer_does_not_run_and_mod_timer_moves_an_armed_one()
    {
        var timers = new Timers(new SequentialRuntime());
        var runs = 0;
        var timer = new TimerList("t", () => runs++);

        timers.ModTimer(timer, 3);
        Assert.True(timers.DelTimer(timer));
        Assert.False(timers.DelTimer(timer));
        timers.ModTimer(timer, 3);
        timers.ModTimer(timer, 20);
        timers.Advance(10);

        Assert.Equal(0, runs);
        Assert.True(timer.Pending);
    }

    [Fact]
    public void A_timer_rearmed_for_now_runs_on_the_next_tick()
    {
        var timers = new Timers(new SequentialRuntime());
        var ran = new List<long>();
        TimerList? timer = null;
        timer = new TimerList("again", () =>
        {
            ran.Add(timers.Jiffies);
            timers.ModTimer(timer!, timers.Jiffies);
        });
        timers.ModTimer(timer, 1);

        timers.Advance(3);

        Assert.Equal([1L, 2L, 3L], ran);
    }

    [Fact]
    public void A_timer_function_that_sleeps_is_sleeping_while_atomic()
    {
        var runtime = new SequentialRuntime();
        var timers = new Timers(runtime);
        timers.ModTimer(new TimerList("sleepy", () => _ = runtime.Schedule(PointKind.Yield, new StepLabel("msleep"))), 1);

        Assert.Throws<SleepingWhileAtomicException>(() => runtime.Run("softirq", () =>
        {
            timers.Advance(1);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void Time_cannot_go_backwards()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Timers(new SequentialRuntime()).Advance(-1));
    }
}
