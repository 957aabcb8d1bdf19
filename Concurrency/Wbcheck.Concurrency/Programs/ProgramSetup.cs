using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs;

/// <summary>What <see cref="ITestProgram.Setup"/> gets each iteration: a fresh runtime and places to register monitors.</summary>
public sealed class ProgramSetup
{
    private readonly List<SafetyMonitor> safety = [];
    private readonly List<LivenessMonitor> liveness = [];
    private bool isSealed;

    internal ProgramSetup(IKernelRuntime runtime) => Runtime = runtime;

    /// <summary>The runtime of this iteration: spawn the program's threads with it.</summary>
    public IKernelRuntime Runtime { get; }

    internal Func<IEnumerable<string>>? StateDescriber { get; private set; }

    /// <summary>
    /// Promise that every step reports its accesses to shared state through
    /// <see cref="SharedAccess.Touch"/>, so DFS may skip schedules that only reorder independent
    /// steps. Without it every step counts as touching everything, and DFS reduces nothing.
    /// </summary>
    public void DeclareFootprints()
    {
        CheckOpen();
        if (Runtime is Runtime.ControlledRuntime controlled)
        {
            controlled.TracksFootprints = true;
        }
    }

    /// <summary>
    /// Declare that the program's livelocks may be looked for as lassos relative to a cursor
    /// (docs/search.md, "Lasso livelocks"): a state that comes back shifted by some pages closes a
    /// cycle, when its steps leave the pages below the cursor alone (checked from the footprints,
    /// so the program must report them: <see cref="DeclareFootprints"/>). <paramref name="proviso"/>
    /// says why every comparison a cycle makes with a page index is between two shifted values or
    /// with a constant whose outcome no longer changes (not checked: argued, and printed with the
    /// lasso). The lasso search paces thread <paramref name="leader"/>: it holds it back while
    /// <paramref name="lead"/> (how far it is ahead) reaches a target, so that the distance stays
    /// bounded and a state can come back. With <paramref name="proportionsDecide"/>, the floating
    /// proportions (2.6.29, 2.6.36) are left out of the state instead of taken in their exact
    /// relative form: it says, in a state, why they might decide something from there (null when
    /// they cannot), and a cycle counts only if it is null in every state of the cycle (checked).
    /// </summary>
    public void DeclareShiftedLassos(string leader, Func<long> lead, string proviso, Func<string?>? proportionsDecide = null)
    {
        CheckOpen();
        if (Runtime is Runtime.ControlledRuntime controlled)
        {
            controlled.LassoShape = new Lassos.LassoShape(leader, lead, proviso, proportionsDecide);
        }
    }

    internal SafetyMonitor[] SafetyMonitors { get; private set; } = [];

    internal LivenessMonitor[] LivenessMonitors { get; private set; } = [];

    /// <summary>
    /// Check an invariant after every step. <paramref name="check"/> returns null while it holds,
    /// else a description of what is wrong; throwing counts as failing. Keep it cheap: it runs
    /// millions of times.
    /// </summary>
    public void AddSafetyMonitor(string name, Func<string?> check)
    {
        CheckOpen();
        safety.Add(new SafetyMonitor(name, check));
    }

    /// <summary>
    /// Check an invariant that is a function of the program's state alone after every step, as
    /// <see cref="AddSafetyMonitor"/> does, except on the steps DFS replays (the prefix a schedule
    /// shares with the last one, run again from the same state with the same threads: the last
    /// schedule checked the same states). <paramref name="check"/> must keep nothing between calls
    /// and read nothing but the state; a check with history (one that records what it saw) belongs
    /// in <see cref="AddSafetyMonitor"/>, which sees every step.
    /// </summary>
    public void AddStateInvariant(string name, Func<string?> check)
    {
        CheckOpen();
        safety.Add(new SafetyMonitor(name, check, OfStateAlone: true));
    }

    /// <summary>
    /// Watch a progress property: <paramref name="isHot"/> is true while something is owed (e.g.
    /// "fsync has not returned"). Hot for more than the configured liveness bound of consecutive
    /// steps under fair scheduling is reported as a livelock.
    /// </summary>
    public void AddLivenessMonitor(string name, Func<bool> isHot)
    {
        CheckOpen();
        liveness.Add(new LivenessMonitor(name, isHot));
    }

    /// <summary>
    /// Describe the program's state as lines (e.g. "page 3: flags=LD tags=DT v=4 disk=3"), for the
    /// timeline only: called after setup and after each step when a trace is rendered, never while
    /// testing. Lines that change between two steps are shown under that step.
    /// </summary>
    public void DescribeState(Func<IEnumerable<string>> describer)
    {
        CheckOpen();
        StateDescriber = describer;
    }

    internal void Seal()
    {
        isSealed = true;
        SafetyMonitors = [.. safety];
        LivenessMonitors = [.. liveness];
    }

    private void CheckOpen()
    {
        if (isSealed)
        {
            throw new InvalidOperationException("monitors and the state describer can only be registered during Setup");
        }
    }
}
