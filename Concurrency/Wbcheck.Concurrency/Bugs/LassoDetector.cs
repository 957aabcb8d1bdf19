using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Bugs;

/// <summary>
/// Finds a livelock as a lasso: while a liveness monitor stays hot under fair scheduling, a state
/// (<see cref="StateFingerprint"/>) that comes back closes a cycle the program can repeat forever
/// with the monitor hot. The cycle counts only under weak fairness: every thread enabled in each
/// of its states must run in it, else the cycle is a thread starved by the schedule, not a
/// livelock (a poller spinning while the thread that would release it waits its turn). The report
/// gives the prefix (the decisions before the cycle's first state) and the cycle's steps. One
/// detector per runner; its buffers are reused.
/// </summary>
internal sealed class LassoDetector
{
    private readonly Dictionary<ulong, int> seenAt = [];
    private readonly List<ulong> enabledAt = [];
    private int firstStep = -1;

    /// <summary>Why fair cycles were not reported (<c>refuse</c> of <see cref="Reached"/>), for the tests and the report.</summary>
    public List<string> Refusals { get; } = [];

    /// <summary>Forget the states: the monitors went cold, so no cycle so far keeps them hot.</summary>
    public void Reset()
    {
        seenAt.Clear();
        enabledAt.Clear();
        firstStep = -1;
    }

    /// <summary>Forget the refusals too: a new run starts.</summary>
    public void Start()
    {
        Reset();
        Refusals.Clear();
    }

    /// <summary>The enabled threads of the state before decision <paramref name="step"/>; false when there are too many to track.</summary>
    public bool NoteEnabled(int step, ReadOnlySpan<int> enabled)
    {
        var mask = 0UL;
        foreach (var id in enabled)
        {
            if (id >= 64)
            {
                return false;
            }

            mask |= 1UL << id;
        }

        if (firstStep < 0)
        {
            firstStep = step;
        }

        while (enabledAt.Count < step - firstStep)
        {
            // Decisions in between were choices, made inside a step: no enabled set of their own.
            enabledAt.Add(ulong.MaxValue);
        }

        enabledAt.Add(mask);
        return true;
    }

    /// <summary>
    /// The state reached after <paramref name="steps"/> decisions has <paramref name="fingerprint"/>:
    /// a livelock report when it closes a fair cycle, else null. <paramref name="refuse"/>, given the
    /// cycle's first and last decision + 1, says why a fair cycle is still not a livelock (an
    /// abstraction's check, <see cref="Lassos.ShiftedCycleCheck"/>), or null.
    /// </summary>
    public BugReport? Reached(ulong fingerprint, ReadOnlySpan<TraceStep> steps, string monitor, Func<int, int, string?>? refuse = null, Func<int, int, IEnumerable<string>>? explain = null)
    {
        var now = steps.Length;
        if (firstStep < 0 || !seenAt.TryGetValue(fingerprint, out var start))
        {
            seenAt[fingerprint] = now;
            return null;
        }

        // The latest visit gives the shortest cycle back to this state.
        seenAt[fingerprint] = now;
        var alwaysEnabled = ulong.MaxValue;
        var ran = 0UL;
        for (var i = start; i < now; i++)
        {
            if (!steps[i].IsChoice)
            {
                alwaysEnabled &= enabledAt[i - firstStep];
                ran |= 1UL << steps[i].ThreadId;
            }
        }

        if ((alwaysEnabled & ~ran) != 0)
        {
            return null;
        }

        if (refuse?.Invoke(start, now) is { } reason)
        {
            Refusals.Add(reason);
            return null;
        }

        var details = new List<string>
        {
            $"prefix: decisions 0 to {start - 1} ({start}); cycle: decisions {start} to {now - 1} ({now - start}), back to the state after decision {start - 1}:",
        };
        if (explain is not null)
        {
            details.AddRange(explain(start, now));
        }

        for (var i = start; i < now; i++)
        {
            details.Add($"  {i}: {Describe(steps[i])}");
        }

        return new BugReport
        {
            Kind = BugKind.Livelock,
            Source = monitor,
            Message = $"liveness monitor '{monitor}' stays hot around a cycle of {now - start} decisions that every enabled " +
                      $"thread takes part in (a lasso: from the state after decision {start - 1}, decisions {start} to {now - 1} come back to it)",
            Step = now - 1,
            CycleStart = start,
            Details = details,
        };
    }

    private static string Describe(TraceStep step) =>
        step.IsChoice ? $"T{step.ThreadId}({step.ThreadName}) chose {step.Value} of {step.Options} at {step.Label}" : LivelockAnalysis.Describe(step);
}
