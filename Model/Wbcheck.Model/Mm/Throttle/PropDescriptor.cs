using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A floating proportion's global side (lib/proportions.c, 2.6.24 to 3.4): the event count t of
/// all its locals together and the shift that sets its period. Time is measured in events: a
/// period is 2^(shift-1) events, and each local's count is halved for every period that has
/// passed since it last looked (<see cref="PropLocal"/>). The fraction of a local is x / (period/2
/// + t mod period/2), an approximation of x / t that needs no loop over the locals at a period's
/// end. The model's per-CPU counters are exact, so percpu_counter_read and _sum agree, and the
/// two copies prop_change_shift flips between are one: a change of shift is one atomic step
/// (the kernel's flip of pd-&gt;index under pd-&gt;mutex, which readers see whole).
/// </summary>
[Models("include/linux/proportions.h", "struct prop_descriptor / struct prop_global", "2.6.29")]
public sealed class PropDescriptor
{
    /// <summary>PROP_MAX_SHIFT: 3 * BITS_PER_LONG / 4, so that some bits of t are left for the period count.</summary>
    [Models("lib/proportions.c", "PROP_MAX_SHIFT", "2.6.29")]
    public const int PropMaxShift = 3 * 64 / 4;

    private int shiftField = 1;
    private ulong eventsField;

    /// <summary>pg-&gt;shift: a period is 2^(shift-1) events of the global count.</summary>
    public int Shift
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return shiftField;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            shiftField = value;
        }
    }

    /// <summary>pg-&gt;events: t, every event of every local, never decayed (an unsigned long; its high bits count periods).</summary>
    public ulong Events
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return eventsField;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            eventsField = value;
        }
    }

    /// <summary>period/2 = 1 &lt;&lt; (shift - 1), the events of one period.</summary>
    public ulong Period2 => 1UL << (Shift - 1);

    /// <summary>
    /// t within its period, t mod period/2 (what prop_fraction's denominator adds), read without
    /// reporting an access: for a checker's fingerprint, not for the model's code.
    /// </summary>
    public ulong EventsInPeriodPeek => eventsField & (PeriodPeek - 1);

    /// <summary>The shift, read without reporting an access (a checker's fingerprint).</summary>
    public int ShiftPeek => shiftField;

    /// <summary>period/2 from the shift, read without reporting an access.</summary>
    internal ulong PeriodPeek => 1UL << (shiftField - 1);

    /// <summary>t masked to whole periods (prop_norm's global_period), read without reporting an access.</summary>
    internal ulong GlobalPeriodPeek => eventsField & ~(PeriodPeek - 1);

    /// <summary>Start with no events and <paramref name="shift"/>, capped at PROP_MAX_SHIFT.</summary>
    [Models("lib/proportions.c", "prop_descriptor_init", "2.6.29")]
    public void PropDescriptorInit(int shift)
    {
        if (shift < 1)
        {
            // calc_period_shift returns 2 + ilog2(..) >= 1: a shift of 0 would make period/2 a shift by -1.
            throw new ArgumentOutOfRangeException(nameof(shift), shift, "prop_descriptor_init: the shift must be at least 1 (calc_period_shift gives 2 + ilog2(x) >= 1)");
        }

        Shift = Math.Min(shift, PropMaxShift);
        Events = 0;
    }

    /// <summary>
    /// A new period (dirty_ratio changed): the shift moves to <paramref name="shift"/> (capped at
    /// PROP_MAX_SHIFT) and t is rescaled to it, so that t's position within its period, as a
    /// share of the period, is kept; the locals catch up at their next look (prop_adjust_shift).
    /// </summary>
    [Models("lib/proportions.c", "prop_change_shift", "2.6.29")]
    public void PropChangeShift(int shift)
    {
        shift = Math.Min(shift, PropMaxShift);
        var offset = Shift - shift;
        if (offset == 0)
        {
            return;
        }

        var events = Events;
        Events = offset < 0 ? events << -offset : events >> offset;
        Shift = shift;
    }

    public override string ToString() => $"t {Events}, shift {Shift} (period/2 {Period2})";
}
