using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// Two dirtiers of one race scenario, neither attached to a task by the scenario, are two tasks:
/// in the eras of task_dirty_limit (2.6.24 to 3.1: 2.6.29, 2.6.36) each one's share of recent
/// dirtying is its own pages, and from 3.2 (3.19 on) each one's nr_dirtied is its own. Before
/// wbcheck-model/8 both read TaskStruct.Ordinary's counts, which nothing counted: 0.
/// </summary>
public sealed class DirtiersAreTasksTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Each_dirtier_of_a_scenario_throttles_by_its_own_counts_in_every_schedule_tried(KernelEra era)
    {
        var report = TestingEngine.Run(new TwoDirtiers(ScenarioOptions.Default with { Era = era }), RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 30, Seed = 3 });
        output.WriteLine(report.Summary());

        Assert.False(report.FoundBug, report.Summary());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void Counts_kept_as_one_task_s_are_caught_in_the_first_schedule(KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era, Faults = Faults.None with { TasksShareDirtiedCounts = true } };

        var report = TestingEngine.Run(new TwoDirtiers(options), RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1, Seed = 3 });

        Assert.True(report.FoundBug, report.Summary());

        // The first writer to end finds the other's pages dirtied so far in its count too.
        Assert.Matches(@"writer [01] dirtied [25] page\(s\), but its task's (share of dirtying|nr_dirtied) counts [3-7]$", report.Bugs[0].Bug.Message);
    }

    /// <summary>
    /// Two writers, each dirtying pages of its own file, together fewer than one CPU's
    /// ratelimit_pages and each fewer than nr_dirtied_pause (so no look resets a count); each
    /// then checks the counts the throttle keeps for its current task, and throws if they are
    /// not its own.
    /// </summary>
    private sealed class TwoDirtiers(ScenarioOptions options) : RaceScenario(options)
    {
        private const int HeavyPages = 5;
        private const int LightPages = 2;

        public override string Name => "two-dirtiers-are-two-tasks";

        public override string Description => "two writers never attached to a task: each throttles by its own counts";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
            var tasks = new TaskStruct?[2];
            foreach (var (writer, pages) in new[] { (0, HeavyPages), (1, LightPages) })
            {
                var file = kernel.Open(kernel.CreateInode(0, fs));
                setup.Runtime.Spawn($"writer {writer}", async () =>
                {
                    for (var index = 0; index < pages; index++)
                    {
                        await kernel.Filemap.GenericFileWriteIter(file, index);
                    }

                    tasks[writer] = kernel.Throttle.Current;
                    Check(kernel, tasks, writer, pages);
                });
            }
        }

        private static void Check(Kernel kernel, TaskStruct?[] tasks, int writer, int pages)
        {
            var throttle = kernel.Throttle;
            var task = tasks[writer]!;
            if (ReferenceEquals(task, TaskStruct.Ordinary) || ReferenceEquals(task, tasks[1 - writer]))
            {
                throw new InvalidOperationException($"writer {writer} runs as {task}, a task it shares");
            }

            var (counted, what) = throttle.PerBdi ? ((long)throttle.TaskDirtiesFraction(task).Numerator, "share of dirtying")
                : kernel.Era >= KernelEra.V3_19 ? (throttle.DirtiedBy(task).NrDirtied, "nr_dirtied")
                : (pages, "nothing");
            if (counted != pages)
            {
                throw new InvalidOperationException($"writer {writer} dirtied {pages} page(s), but its task's {what} counts {counted}");
            }
        }
    }
}
