using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// A trace replayed against its program, step by step: the state before the first step, what each
/// step changed (kept as changes, not as whole states, so a trace of thousands of steps over
/// thousands of pages stays small), the state after the last, and each thread's locks and sleeps.
/// The text timeline and the HTML view are both rendered from these frames, so they agree.
/// </summary>
public sealed class TraceFrames
{
    /// <summary>
    /// The most state lines a replay describes (lines of the state times steps): describing the
    /// whole state after every step costs that much, so past it the frames keep no state and say so.
    /// </summary>
    public const long MaxStateLines = 5_000_000;

    /// <summary>How a state line names the thread holding its lock (see <see cref="Scenarios.KernelState"/>).</summary>
    private const string LockedBy = "locked by T";

    private static readonly TraceFrame Unchanged = new([], [], [], false);

    private TraceFrames(IReadOnlyList<string>? initial, IReadOnlyList<string> final, IReadOnlyList<TraceFrame> frames, ReplayResult replay, string? stateOmitted)
    {
        HasState = initial is not null;
        Initial = initial ?? [];
        Final = final;
        Frames = frames;
        Replay = replay;
        StateOmitted = stateOmitted;
    }

    /// <summary>The program describes its state, and the replay was small enough to keep it.</summary>
    internal bool HasState { get; }

    /// <summary>Why the state is not shown, when the program has one but the replay is too large.</summary>
    internal string? StateOmitted { get; }

    /// <summary>The state lines after setup, before step 0.</summary>
    internal IReadOnlyList<string> Initial { get; }

    /// <summary>The state lines after the last step replayed.</summary>
    internal IReadOnlyList<string> Final { get; }

    /// <summary>
    /// Frame i is what step i left; fewer than the trace's steps when the replay stopped early. A
    /// step whose thread went on to make a choice in the same run of code (an I/O completion
    /// choosing whether it fails) leaves nothing of its own: its effects are the choice's, since
    /// the choice decides them.
    /// </summary>
    internal IReadOnlyList<TraceFrame> Frames { get; }

    public ReplayResult Replay { get; }

    /// <summary>Replay <paramref name="trace"/> against <paramref name="program"/>, the program it was recorded from, within <paramref name="timeout"/>.</summary>
    /// <exception cref="TraceLoadException">The trace was recorded from another program, parameters or model version.</exception>
    public static TraceFrames Capture(BugTrace trace, ITestProgram program, TimeSpan? timeout = null)
    {
        var frames = new List<TraceFrame>(trace.Steps.Count);
        string[] before = [];
        string[]? initial = null;
        var observed = false;
        string? omitted = null;
        var result = TraceReplayer.Replay(
            program,
            trace,
            (setup, steps) =>
            {
                var runtime = (ControlledRuntime)setup.Runtime;
                if (!observed)
                {
                    observed = true;
                    initial = setup.StateDescriber is { } describeFirst ? describeFirst().ToArray() : null;
                    if (initial is not null && (long)initial.Length * trace.Steps.Count > MaxStateLines)
                    {
                        omitted = $"{initial.Length} state lines after each of {trace.Steps.Count} steps is over the limit of {MaxStateLines:N0} lines; minimize the trace or record it with fewer pages to see them";
                        initial = null;
                    }

                    before = initial ?? [];
                    Pad(frames, steps);
                    return;
                }

                var state = initial is not null && setup.StateDescriber is { } describe ? describe().ToArray() : [];
                Pad(frames, steps - 1);
                var acting = runtime.Steps[steps - 1].ThreadId;
                frames.Add(new TraceFrame(
                    Diff(before, state),
                    Sleeping(runtime),
                    Held(state),
                    acting >= 0 && runtime.SlotOf(acting).Status == ThreadStatus.Finished));
                before = state;
            },
            timeout);
        return new TraceFrames(initial, before, frames, result, omitted);
    }

    /// <summary>Frames for the steps up to <paramref name="count"/> that left nothing of their own, carrying who sleeps and holds what.</summary>
    private static void Pad(List<TraceFrame> frames, int count)
    {
        while (frames.Count < count)
        {
            frames.Add(frames.Count > 0 ? frames[^1] with { Changes = [], ThreadFinished = false } : Unchanged);
        }
    }

    /// <summary>The key of a state line: the text before its first ':' (the whole line when there is none).</summary>
    internal static string Key(string line)
    {
        var end = line.IndexOf(':');
        return end < 0 ? line : line[..end];
    }

    private static List<StateChange> Diff(string[] before, string[] after)
    {
        var changes = new List<StateChange>();
        var old = new Dictionary<string, (string Line, int Position)>(before.Length);
        for (var i = 0; i < before.Length; i++)
        {
            old.TryAdd(Key(before[i]), (before[i], i));
        }

        var kept = new HashSet<string>(after.Length);
        for (var i = 0; i < after.Length; i++)
        {
            var key = Key(after[i]);
            kept.Add(key);
            if (!old.TryGetValue(key, out var previous))
            {
                changes.Add(new StateChange(key, null, after[i], i));
            }
            else if (previous.Line != after[i])
            {
                changes.Add(new StateChange(key, previous.Line, after[i], i));
            }
        }

        foreach (var (key, (line, position)) in old)
        {
            if (!kept.Contains(key))
            {
                changes.Add(new StateChange(key, line, null, position));
            }
        }

        return changes;
    }

    private static List<SleepingThread> Sleeping(ControlledRuntime runtime)
    {
        var sleeping = new List<SleepingThread>();
        for (var id = 0; id < runtime.ThreadCount; id++)
        {
            ref readonly var slot = ref runtime.SlotOf(id);
            if (slot.Status == ThreadStatus.Sleeping && slot.SleepingOn is { } queue)
            {
                sleeping.Add(new SleepingThread(id, queue.Name, queue.Holder?.ToString() ?? queue.HolderNote));
            }
        }

        return sleeping;
    }

    private static List<HeldLock> Held(string[] state)
    {
        var held = new List<HeldLock>();
        foreach (var line in state)
        {
            var at = line.IndexOf(LockedBy, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var digits = line.AsSpan(at + LockedBy.Length);
            var length = 0;
            while (length < digits.Length && char.IsAsciiDigit(digits[length]))
            {
                length++;
            }

            if (length > 0)
            {
                held.Add(new HeldLock(int.Parse(digits[..length], provider: null), Key(line)));
            }
        }

        return held;
    }
}
