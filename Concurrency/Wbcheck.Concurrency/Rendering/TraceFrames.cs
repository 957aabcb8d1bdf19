using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// A trace replayed against its program, step by step: the state before the first step, what each
/// step changed (kept as changes, not as whole states, so a trace of thousands of steps over
/// thousands of pages stays small), the state after the last, and each thread's locks and sleeps.
/// </summary>
internal sealed class TraceFrames
{
    /// <summary>How a state line names the thread holding its lock (see <see cref="Scenarios.KernelState"/>).</summary>
    private const string LockedBy = "locked by T";

    private TraceFrames(IReadOnlyList<string> initial, IReadOnlyList<string> final, IReadOnlyList<TraceFrame> frames, ReplayResult replay)
    {
        Initial = initial;
        Final = final;
        Frames = frames;
        Replay = replay;
    }

    /// <summary>The state lines after setup, before step 0.</summary>
    public IReadOnlyList<string> Initial { get; }

    /// <summary>The state lines after the last step replayed.</summary>
    public IReadOnlyList<string> Final { get; }

    /// <summary>Frame i is what step i left; fewer than the trace's steps when the replay stopped early.</summary>
    public IReadOnlyList<TraceFrame> Frames { get; }

    public ReplayResult Replay { get; }

    /// <summary>Replay <paramref name="trace"/> against <paramref name="program"/>, the program it was recorded from.</summary>
    /// <exception cref="TraceLoadException">The trace was recorded from another program, parameters or model version.</exception>
    public static TraceFrames Capture(BugTrace trace, ITestProgram program)
    {
        var frames = new List<TraceFrame>(trace.Steps.Count);
        string[] before = [];
        string[]? initial = null;
        var result = TraceReplayer.Replay(program, trace, (setup, steps) =>
        {
            var state = setup.StateDescriber is { } describe ? describe().ToArray() : [];
            if (initial is null)
            {
                initial = state;
                before = state;
                return;
            }

            var runtime = (ControlledRuntime)setup.Runtime;
            var acting = runtime.Steps[steps - 1].ThreadId;
            frames.Add(new TraceFrame(
                Diff(before, state),
                Sleeping(runtime),
                Held(state),
                acting >= 0 && runtime.SlotOf(acting).Status == ThreadStatus.Finished));
            before = state;
        });
        return new TraceFrames(initial ?? [], before, frames, result);
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
