using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A race of the kernel model's threads, on any era. Each iteration builds a fresh kernel on the
/// engine's runtime, with every invariant watching: tag/flag coherence and the counters after
/// each step, integrity of WB_SYNC_ALL syncs and truncate/reclaim safety at their events.
/// </summary>
public abstract class RaceScenario(ScenarioOptions options) : ITestProgram
{
    public ScenarioOptions Options { get; } = options;

    public abstract string Name { get; }

    /// <summary>What the scenario races and what it checks, one sentence.</summary>
    public abstract string Description { get; }

    public virtual bool Terminates => true;

    /// <summary>
    /// How the race scenarios are tested by default. The unfair phase of PCT and DFS is kept
    /// short: a thread starved for thousands of steps (a writer given them all before fsync tags
    /// its pages) leaves the others legitimately long work, which a liveness bound would then
    /// mistake for a livelock; the bound is generous because every I/O completion competes for
    /// fair steps too. Every race here shows itself within a few dozen steps.
    /// </summary>
    public static TestingConfiguration DefaultConfiguration { get; } = TestingConfiguration.Default with
    {
        MaxSteps = 10_000,
        MaxUnfairSteps = 200,
        LivenessBound = 5_000,
    };

    public IReadOnlyDictionary<string, string> Parameters => Options.ToParameters();

    /// <summary>
    /// Schedules a DFS of the small configuration may try before the search is cut short; null
    /// when the bounded space is small enough to explore to the end (see <see cref="CellCheck"/>).
    /// </summary>
    public virtual int? SmallSearchLimit => null;

    public void Setup(ProgramSetup setup)
    {
        var kernel = new Kernel(setup.Runtime, new KernelConfig { Era = Options.Era, Faults = Options.Faults, BatchSize = Options.BatchSize });
        kernel.Observers.Add(new IntegrityMonitor(kernel));
        kernel.Observers.Add(new TruncateMonitor());
        setup.AddSafetyMonitor(TagFlagCoherence.Name, () => TagFlagCoherence.Check(kernel));
        setup.AddSafetyMonitor(Accounting.Name, () => Accounting.Check(kernel));
        setup.DescribeState(() => KernelState.Describe(kernel));
        Build(kernel, setup);
    }

    /// <summary>Create the files and spawn the threads of one iteration.</summary>
    protected abstract void Build(Kernel kernel, ProgramSetup setup);
}
