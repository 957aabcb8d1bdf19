using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// What makes a cycle of relative states (<see cref="RelativeFingerprint"/>) a livelock and not an
/// artefact of the abstraction: the cursor of each state on the way, and each step's footprint
/// (what it read and wrote, as the model reports it). A cycle from state i back to a state equal
/// to it relative to the cursor repeats for ever, shifted each time, only if no step of it touches
/// a page the abstraction dropped at state i (a cached page below its cursor: the page itself by
/// frame, its tree slot or marks, or what the device holds of it), and no step is global (touches
/// anything, so cannot be checked). Where the program left the floating proportions out of the
/// state (<see cref="LassoShape.ProportionsDecide"/>), also only if they could decide nothing in
/// any state of the cycle. One per runner; its buffers are reused.
/// </summary>
internal sealed class ShiftedCycleCheck
{
    private readonly List<long> cursors = [];
    private readonly List<string?> decides = [];
    private readonly List<ulong[]?> footprints = [];
    private int first = -1;

    public void Reset()
    {
        cursors.Clear();
        decides.Clear();
        footprints.Clear();
        first = -1;
    }

    /// <summary>Step <paramref name="step"/> ran with <paramref name="footprint"/>.</summary>
    public void StepRan(int step, in Footprint footprint)
    {
        if (first < 0)
        {
            first = step;
        }

        Pad(footprints, step, null);
        footprints.Add(footprint.Global ? null : footprint.Entries.ToArray());
    }

    /// <summary>
    /// The state after <paramref name="steps"/> decisions has cursor <paramref name="cursor"/>;
    /// <paramref name="proportionsDecide"/> says why the proportions left out of it might decide
    /// something from there (null: they cannot, or they are not left out).
    /// </summary>
    public void Reached(int steps, long cursor, string? proportionsDecide = null)
    {
        if (first < 0)
        {
            first = steps;
        }

        Pad(cursors, steps, long.MinValue);
        Pad(decides, steps, "the state was not looked at");
        cursors.Add(cursor);
        decides.Add(proportionsDecide);
    }

    /// <summary>The cursor of the state after <paramref name="steps"/> decisions.</summary>
    public long CursorAt(int steps) => steps - first is var i and >= 0 && i < cursors.Count ? cursors[i] : long.MinValue;

    /// <summary>
    /// Why the cycle from the state after <paramref name="start"/> decisions to the one after
    /// <paramref name="now"/> is not a livelock under the abstraction, or null when it is.
    /// <paramref name="dropped"/> gives the frames of the cached pages below a cursor, now.
    /// </summary>
    public string? Refuse(int start, int now, Func<long, HashSet<long>> dropped)
    {
        var cursor = CursorAt(start);
        if (cursor == long.MinValue)
        {
            return "the cycle's first state has no recorded cursor";
        }

        // The proportions left out of the state could differ between the cycle's two ends; that
        // changes nothing only if no state of the cycle lets them decide anything.
        for (var state = start; state <= now; state++)
        {
            var i = state - first;
            if (i < 0 || i >= decides.Count)
            {
                return $"the state after {state} decisions was not looked at";
            }

            if (decides[i] is { } why)
            {
                return $"the floating proportions, left out of the state, may decide something after {state} decisions: {why}";
            }
        }

        HashSet<long>? frames = null;
        for (var step = start; step < now; step++)
        {
            var i = step - first;
            if (i < 0 || i >= footprints.Count)
            {
                return $"step {step}'s footprint was not recorded";
            }

            if (footprints[i] is not { } entries)
            {
                return $"step {step} is global (a choice, or accesses not reported): it cannot be shown to leave the dropped pages alone";
            }

            foreach (var entry in entries)
            {
                var id = entry >> 1;
                var kind = (AccessIds.Kind)(id >> 56);
                var owner = (long)((id >> 8) & 0xFFFF_FFFF_FFFFUL);
                switch (kind)
                {
                    case AccessIds.Kind.TreeSlot or AccessIds.Kind.TreeMarks or AccessIds.Kind.DeviceBlock when (owner & 0xFFF_FFFF) < cursor:
                        return $"step {step} touches index {owner & 0xFFF_FFFF} ({kind}), below the cycle's cursor {cursor}: a page the abstraction dropped";
                    case AccessIds.Kind.Page:
                        frames ??= dropped(cursor);
                        if (frames.Contains(owner))
                        {
                            return $"step {step} touches frame {owner}, a cached page below the cycle's cursor {cursor}: a page the abstraction dropped";
                        }

                        break;
                }
            }
        }

        return null;
    }

    private void Pad<T>(List<T> list, int step, T filler)
    {
        while (list.Count < step - first)
        {
            list.Add(filler);
        }
    }
}
