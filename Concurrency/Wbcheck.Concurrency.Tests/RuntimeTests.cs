using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>What the controlled runtime detects, and the exact report of each finding.</summary>
public sealed class RuntimeTests
{
    private static readonly StepLabel Step = new("step");

    [Fact]
    public void A_deadlock_reports_the_wait_for_graph_and_its_cycle()
    {
        var trace = FindFirst(new LockOrderInversion(0));

        Assert.Equal("deadlock after step 5: T0(ab) -> T1(ba) -> T0(ab) wait for each other", trace.Bug.Message);
        Assert.Equal(
            [
                new WaitForEdge(0, "ab", "lock B", "lock(B)", 1, "ba", null),
                new WaitForEdge(1, "ba", "lock A", "lock(A)", 0, "ab", null),
            ],
            trace.Bug.WaitFor);
        Assert.Equal(
            [
                "T0(ab) sleeps on lock B at lock(B), held by T1(ba)",
                "T1(ba) sleeps on lock A at lock(A), held by T0(ab)",
                "cycle: T0(ab) -> T1(ba) -> T0(ab)",
            ],
            trace.Bug.Details);
    }

    [Fact]
    public void A_deadlock_names_a_thread_waiting_on_itself_and_a_holder_that_is_not_a_thread()
    {
        var trace = FindFirst(new HeldIo());

        Assert.Equal("deadlock after step 4: T1(relocker) sleeps on lock i_rwsem, which it holds itself", trace.Bug.Message);
        var io = trace.Bug.WaitFor.Single(e => e.ThreadId == 0);
        Assert.Null(io.HolderId);
        Assert.Equal("bio 1, not yet submitted", io.HolderNote);
        Assert.True(trace.Bug.WaitFor.Single(e => e.ThreadId == 1).WaitsOnItself);
        Assert.Contains("T0(waiter) sleeps on PG_writeback of page 3 at wait_on_page_writeback(3), held by bio 1, not yet submitted", trace.Bug.Details);
        Assert.Contains("T1(relocker) sleeps on lock i_rwsem at lock(i_rwsem), which it holds itself", trace.Bug.Details);
    }

    [Theory]
    [InlineData("delay", "T1(escaper) awaited something the runtime does not control in step")]
    [InlineData("configure-await", "T1(escaper) awaited something the runtime does not control in step")]
    [InlineData("post-then-delay", "T1(escaper) awaited something the runtime does not control in step")]
    [InlineData("yield", "posted a continuation to the synchronization context: model code awaited Task.Yield")]
    [InlineData("foreign-call", "the runtime was called (WakeAll) from another OS thread than the engine's")]
    public void Escaping_the_runtime_is_uncontrolled_concurrency(string how, string expected)
    {
        var program = new Uncontrolled(how);
        var trace = FindFirst(program);

        Assert.Equal(BugKind.UncontrolledConcurrency, trace.Bug.Kind);
        Assert.StartsWith("uncontrolled concurrency: ", trace.Bug.Message);
        Assert.Contains(expected, trace.Bug.Message);
        Assert.Equal(1, trace.Bug.ThreadId);
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void Sleeping_while_atomic_names_the_thread_the_point_and_the_lock()
    {
        var trace = FindFirst(new SleepInAtomic());

        Assert.Equal(BugKind.SleepingWhileAtomic, trace.Bug.Kind);
        Assert.Equal("tree_lock", trace.Bug.Source);
        Assert.StartsWith("sleeping while atomic: T0(locker) reached cond_resched while holding tree_lock, in step ", trace.Bug.Message);
        Assert.EndsWith(" (spin_lock)", trace.Bug.Message);
    }

    [Fact]
    public void A_model_assertion_reports_the_thread_the_step_and_the_rule()
    {
        var trace = FindFirst(new LostUpdate(0));

        Assert.Equal(BugKind.ModelAssertion, trace.Bug.Kind);
        Assert.Equal("lost_update", trace.Bug.Source);
        var thread = trace.Steps[^1];
        Assert.Equal(trace.Bug.ThreadId, thread.ThreadId);
        Assert.Equal(
            $"T{thread.ThreadId}({thread.ThreadName}) failed a model assertion in step {trace.Bug.Step} (write(counter)): " +
            "lost_update: counter is 1 after two increments",
            trace.Bug.Message);
    }

    [Fact]
    public void Any_other_exception_reports_its_type()
    {
        var trace = FindFirst(new HalfInitialized());

        Assert.Equal(BugKind.UnhandledException, trace.Bug.Kind);
        Assert.Equal("System.InvalidOperationException", trace.Bug.Source);
        Assert.EndsWith(" (use): used an object that is published but not initialized", trace.Bug.Message);
        Assert.StartsWith("T1(user) threw InvalidOperationException in step ", trace.Bug.Message);
    }

    [Fact]
    public void Running_past_the_maximum_is_a_bug_only_for_a_terminating_program()
    {
        var configuration = TestingConfiguration.Default with { MaxSteps = 200, Seed = 1 };
        var terminating = TestingEngine.Run(new PollForever(), configuration);
        var endless = TestingEngine.Run(
            new TestProgram("endless", setup => setup.Runtime.Spawn("spinner", () => Spin(setup.Runtime)), terminates: false),
            configuration with { Iterations = 3 });

        var trace = Assert.Single(terminating.Bugs);
        Assert.Equal(BugKind.MaxStepsExceeded, trace.Bug.Kind);
        Assert.Equal(
            "the program is declared terminating but still runs after 200 steps (enabled: T1 at poll): a livelock, or raise the maximum",
            trace.Bug.Message);
        Assert.Equal(200, trace.Steps.Count);
        Assert.False(endless.FoundBug);
        Assert.Equal(600, endless.Steps);
    }

    [Fact]
    public void The_setup_may_choose_and_the_choice_is_recorded_and_replayed()
    {
        var program = new TestProgram("setup-choice", setup =>
        {
            var runtime = setup.Runtime;
            var pages = runtime.Choose(ChoiceKind.Scenario, 3);
            runtime.Spawn("checker", () =>
            {
                Bug.On(pages == 2, "check", "two pages");
                return Task.CompletedTask;
            });
        });

        var trace = FindFirst(program);

        Assert.Equal(new TraceStep(-1, "setup", DecisionKind.Choice, new StepLabel("scenario"), 2, 3), trace.Steps[0]);
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void A_scheduling_point_in_the_setup_is_refused()
    {
        var program = new TestProgram("bad-setup", setup => _ = setup.Runtime.Schedule(PointKind.Yield, Step));

        var error = Assert.Throws<InvalidOperationException>(() => TestingEngine.Run(program, TestingConfiguration.Default));

        Assert.StartsWith("Schedule(step) called outside a model thread", error.Message);
    }

    [Fact]
    public void A_scheduling_point_not_awaited_is_reported()
    {
        var program = new TestProgram("no-await", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("sloppy", async () =>
            {
                _ = runtime.Schedule(PointKind.Yield, Step);
                await runtime.Schedule(PointKind.Yield, Step);
            });
        });

        var trace = FindFirst(program);

        Assert.Equal(BugKind.UnhandledException, trace.Bug.Kind);
        Assert.Contains("reached step without awaiting its previous scheduling point step", trace.Bug.Message);
    }

    [Fact]
    public void Finishing_inside_a_spinlock_section_is_reported()
    {
        var program = new TestProgram("unbalanced", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("leaker", () =>
            {
                runtime.EnterAtomic("tree_lock");
                return Task.CompletedTask;
            });
        });

        var trace = FindFirst(program);

        Assert.Equal(BugKind.ModelAssertion, trace.Bug.Kind);
        Assert.Equal("T0(leaker) finished inside the spinlock section tree_lock in step 0 (start): a missing ExitAtomic", trace.Bug.Message);
    }

    [Fact]
    public void A_spawned_thread_first_runs_when_it_is_scheduled()
    {
        var order = new List<string>();
        var program = new TestProgram("spawner", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("parent", async () =>
            {
                order.Add("parent starts");
                runtime.Spawn("child", () =>
                {
                    order.Add("child runs");
                    return Task.CompletedTask;
                });
                order.Add("parent spawned");
                await runtime.Schedule(PointKind.Yield, Step);
                order.Add("parent resumes");
            });
        });

        // Bound 1 is the one preemption (to the child) the program allows: just its 2 schedules, once each.
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "dfs", Iterations = 10, PreemptionBound = 1 });

        Assert.Equal(2, report.Iterations);
        Assert.Equal(
            ["parent starts", "parent spawned", "parent resumes", "child runs", "parent starts", "parent spawned", "child runs", "parent resumes"],
            order);
    }

    [Fact]
    public void A_throwing_safety_monitor_counts_as_failing()
    {
        var program = new TestProgram("throwing-monitor", setup =>
        {
            var runtime = setup.Runtime;
            var steps = new Cell<int>(0);
            runtime.Spawn("t", async () =>
            {
                steps.Value++;
                await runtime.Schedule(PointKind.Yield, Step);
                steps.Value++;
            });
            setup.AddSafetyMonitor("checked", () => steps.Value == 2 ? throw new KernelBugException("check", "two steps") : null);
        });

        var trace = FindFirst(program);

        Assert.Equal(BugKind.SafetyMonitor, trace.Bug.Kind);
        Assert.Equal("safety monitor 'checked' failed after step 1 (T0(t) at step): KernelBugException: check: two steps", trace.Bug.Message);
    }

    private static BugTrace FindFirst(ITestProgram program)
    {
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "dfs", Iterations = 1000 });
        return Assert.Single(report.Bugs);
    }

    private static async Task Spin(IKernelRuntime runtime)
    {
        while (true)
        {
            await runtime.Schedule(PointKind.Yield, Step);
        }
    }
}
