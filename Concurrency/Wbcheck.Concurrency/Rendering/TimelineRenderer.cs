using System.Text;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// Renders a trace as a timeline a person can read: a header (program, parameters, how it was
/// found, the bug), then one row per step (number, thread, kind of point, label), and, when the
/// program describes its state, the state lines each step changed ("- old", "+ new") under it.
/// Deterministic text: snapshot tests store it.
/// </summary>
public static class TimelineRenderer
{
    private const string StateIndent = "        ";

    /// <summary>
    /// Render <paramref name="trace"/>. With <paramref name="program"/> (which must be the one it
    /// was recorded from), the trace is replayed to show what each step changed.
    /// </summary>
    public static string Render(BugTrace trace, ITestProgram? program = null) =>
        Render(trace, program is null ? null : TraceFrames.Capture(trace, program));

    /// <summary>Render <paramref name="trace"/> with the frames of its replay (the same the HTML view is rendered from).</summary>
    public static string Render(BugTrace trace, TraceFrames? frames)
    {
        var text = new StringBuilder();
        Header(text, trace);
        if (frames?.StateOmitted is { } omitted)
        {
            text.Append($"state     not shown: {omitted}\n");
        }

        var hasState = frames is { HasState: true };
        if (hasState)
        {
            text.Append("\ninitial state\n");
            foreach (var line in frames!.Initial)
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        text.Append('\n');
        Rows(text, trace, hasState ? frames!.Frames : []);
        text.Append($"=> {trace.Bug.Message}\n");
        foreach (var detail in trace.Bug.Details)
        {
            text.Append("   ").Append(detail).Append('\n');
        }

        if (frames is { Replay.Reproduced: false })
        {
            text.Append($"(the states above stop where the replay did: {frames.Replay.Divergence})\n");
        }

        return text.ToString();
    }

    private static void Header(StringBuilder text, BugTrace trace)
    {
        var found = $"{trace.Strategy}, seed {trace.Seed}, iteration {trace.Iteration}{(trace.Minimized ? ", minimized" : "")}";
        text.Append($"program   {BugTrace.Describe(trace.Program, trace.Parameters)}\n");
        text.Append($"model     {trace.ModelVersion}, fingerprint {trace.Fingerprint}\n");
        text.Append($"found by  {found}\n");
        text.Append($"bug       {TraceNames.Of(trace.Bug.Kind)} at step {trace.Bug.Step}\n");
        text.Append($"steps     {trace.Steps.Count}, {trace.Preemptions} preemption{(trace.Preemptions == 1 ? "" : "s")}\n");
    }

    private static void Rows(StringBuilder text, BugTrace trace, IReadOnlyList<TraceFrame> frames)
    {
        var steps = trace.Steps;
        var numberWidth = Math.Max(4, (steps.Count - 1).ToString().Length);
        var threadWidth = steps.Select(Thread).Append("thread").Max(t => t.Length);
        var kindWidth = steps.Select(s => TraceNames.Of(s.Kind)).Append("point").Max(k => k.Length);
        text.Append("step".PadLeft(numberWidth)).Append("  ").Append("thread".PadRight(threadWidth)).Append("  ")
            .Append("point".PadRight(kindWidth)).Append("  label\n");
        var previous = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (i == trace.Bug.CycleStart)
            {
                text.Append($"---- the cycle starts here: steps {i} to {trace.Bug.Step} come back to this state and repeat forever ----\n");
            }

            var label = step.IsChoice ? $"{step.Label} = {step.Value} of {step.Options}" : step.Label.ToString();
            var row = $"{i.ToString().PadLeft(numberWidth)}  {Thread(step).PadRight(threadWidth)}  " +
                      $"{TraceNames.Of(step.Kind).PadRight(kindWidth)}  {label}";
            if (step.Preempts)
            {
                row += $"  (preempts T{previous})";
            }

            text.Append(row.TrimEnd()).Append('\n');
            if (!step.IsChoice)
            {
                previous = step.ThreadId;
            }

            if (i < frames.Count)
            {
                Changes(text, frames[i].Changes);
            }
        }
    }

    /// <summary>
    /// The lines that changed: first those that disappeared, then, in the order of the new state,
    /// each changed line as "- old" right above "+ new" (lines are matched by their key, the text
    /// before the first ':' or '='), and each new line as "+ new".
    /// </summary>
    private static void Changes(StringBuilder text, IReadOnlyList<StateChange> changes)
    {
        var removed = changes.Where(c => c.Old is not null).OrderBy(c => c.New is null ? 0 : 1).ThenBy(c => c.Position).Select(c => c.Old!).ToList();
        var added = changes.Where(c => c.New is not null).Select(c => c.New!).ToList();
        var replaced = added
            .Select(line => removed.FirstOrDefault(old => Key(old) == Key(line)))
            .ToList();
        foreach (var line in removed.Except(replaced.OfType<string>()))
        {
            text.Append(StateIndent).Append("- ").Append(line).Append('\n');
        }

        for (var i = 0; i < added.Count; i++)
        {
            if (replaced[i] is { } old)
            {
                text.Append(StateIndent).Append("- ").Append(old).Append('\n');
            }

            text.Append(StateIndent).Append("+ ").Append(added[i]).Append('\n');
        }
    }

    private static string Key(string line)
    {
        var end = line.IndexOfAny([':', '=']);
        return end < 0 ? line : line[..end].TrimEnd();
    }

    private static string Thread(TraceStep step) => $"{step.ThreadTag} {step.ThreadName}";
}
