using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Properties.Filesystems;

/// <summary>
/// The race scenarios of the era table that run on any filesystem, checked on a user's
/// filesystem model against what the era table expects of the current kernel era, the way the
/// era table checks its own cells (<see cref="CellCheck"/>). A scenario that should hold is
/// searched systematically in its small form (stateful DFS, preemption bound 2) and then with
/// PCT in its full form; one the era table says fails on the current kernel
/// whatever the filesystem (a rejected proposal) must fail the same way. A bug that should not
/// be there fails the check with its minimized trace, rendered step by step.
/// </summary>
public static class FilesystemScenarios
{
    /// <summary>
    /// The scenarios that use nothing of the model's own filesystem but its operations (the
    /// others configure SimpleFs to fail or to hold pages in the list era's ways).
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        FsyncVsDirtier.ScenarioName,
        FsyncVsTruncate.ScenarioName,
        BackgroundVsReclaimTruncate.ScenarioName,
        CyclicWrapDeadlock.ScenarioName,
        ReclaimWriteout.IgrabName,
        ReclaimWriteout.PinnedName,
        WriteFaultVsTruncate.ScenarioName,
        IoErrorThenFsync.ScenarioName,
        BufferedWriteVsTruncate.ScenarioName,
        EndWritebackVsTruncate.ScenarioName,
    ];

    /// <summary>
    /// The era table's budgets, with the systematic search of a scenario that should hold cut at
    /// 20,000 schedules (the era table searches to the end): the small form of
    /// cyclic-wrap-deadlock exhausts only at about 244,000 schedules, some 20 s, which a
    /// filesystem's test suite should not pay on every run. A search cut short can miss a bug
    /// the full one would find; pass <see cref="CellBudget.Default"/> (or a larger
    /// <see cref="CellBudget.SearchLimit"/>) for the exhaustive search, e.g. in a nightly job.
    /// </summary>
    public static CellBudget DefaultBudget { get; } = CellBudget.Default with { SearchLimit = 20_000, SearchToTheEnd = false };

    /// <summary>What the era table expects of <paramref name="scenario"/> on the current era: null when it holds.</summary>
    public static ExpectedBug? Expected(string scenario) => Expectations.For(Known(scenario), KernelEras.Current);

    /// <summary>
    /// Check <paramref name="scenario"/> with every file on the filesystem <paramref name="mount"/>
    /// makes, and throw <see cref="FilesystemCheckFailedException"/> unless it is what the era
    /// table expects of the current era.
    /// </summary>
    public static FilesystemScenarioResult Check(string scenario, Func<Kernel, IWritebackFilesystem> mount, CellBudget? budget = null)
    {
        var result = Run(scenario, mount, budget);
        if (result.Problem is not null)
        {
            throw new FilesystemCheckFailedException(result);
        }

        return result;
    }

    /// <summary>
    /// Run <paramref name="scenario"/> on <paramref name="mount"/>'s filesystem against the era
    /// table, as the era table's own cells are checked (<see cref="CellCheck"/>), without
    /// throwing: the result says what was found, with the minimized trace of a bug.
    /// </summary>
    public static FilesystemScenarioResult Run(string scenario, Func<Kernel, IWritebackFilesystem> mount, CellBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var expected = Expected(scenario);
        var cell = CellCheck.Run(scenario, ScenarioOptions.Default with { Filesystem = mount }, expected, budget ?? DefaultBudget);
        if (cell.Bug is not { } found)
        {
            return new FilesystemScenarioResult { Scenario = scenario, Expected = expected, Runs = cell.Runs, Problem = cell.Problem };
        }

        var program = cell.Program!;
        var minimized = TestingEngine.Minimize(program, found);
        return new FilesystemScenarioResult
        {
            Scenario = scenario,
            Expected = expected,
            Runs = cell.Runs,
            Trace = minimized.Trace,
            Minimization = minimized,
            Timeline = TimelineRenderer.Render(minimized.Trace, program),
            Problem = cell.Problem is null ? null : $"{cell.Problem}; {minimized}",
        };
    }

    private static string Known(string scenario) => Names.Contains(scenario)
        ? scenario
        : throw new ArgumentException($"'{scenario}' is not a scenario that runs on a user's filesystem; those are {string.Join(", ", Names)}");
}
