using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A floating proportion's local side (lib/proportions.c, 2.6.24 to 3.4): one element's event
/// count x, the global period count it was last brought up to, and the shift it was counted
/// under. A disk's writeout completions (bdi-&gt;completions, a prop_local_percpu of
/// vm_completions) and a task's dirtyings (tsk-&gt;dirties, a prop_local_single of vm_dirties)
/// are each one. The percpu and single forms compute alike on the model's exact counters:
/// percpu_counter_read(x) - x + (x &gt;&gt; n) is x &gt;&gt; n.
/// </summary>
[Models("include/linux/proportions.h", "struct prop_local_percpu / struct prop_local_single", "2.6.29")]
public sealed class PropLocal
{
    private ulong eventsField;
    private ulong periodField;
    private int shiftField;

    /// <summary>pl-&gt;events: x, as of the period <see cref="Period"/>.</summary>
    public ulong Events
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return eventsField;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            eventsField = value;
        }
    }

    /// <summary>pl-&gt;period: the global count, masked to whole periods, when x was last caught up.</summary>
    public ulong Period
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return periodField;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            periodField = value;
        }
    }

    /// <summary>
    /// Catch up with the periods missed since x was last looked at: halve x once for each
    /// (all of it goes after BITS_PER_LONG of them). Lazily, so no period end has to visit every
    /// local; reading a local therefore writes it.
    /// </summary>
    [Models("lib/proportions.c", "prop_norm_percpu", "2.6.29")]
    [Models("lib/proportions.c", "prop_norm_single", "2.6.29")]
    public void PropNorm(PropDescriptor pd, Faults faults)
    {
        var pgShift = pd.Shift;
        var period = 1UL << (pgShift - 1);
        var globalPeriod = pd.Events & ~(period - 1);
        if (Period == globalPeriod)
        {
            return;
        }

        PropAdjustShift(pgShift);
        var missed = (globalPeriod - Period) >> (pgShift - 1);
        if (!faults.PropLocalNeverDecays)
        {
            Events = Decayed(Events, missed);
        }

        Period = globalPeriod;
    }

    /// <summary>
    /// x as <see cref="PropNorm"/> would leave it if it ran now, read without writing or reporting
    /// an access: for a checker's fingerprint (the lasso search's exact relative form of the
    /// proportions), not for the model's code. Every later use of the local sees this value
    /// halved once for each further period, and nothing else of its count or period.
    /// </summary>
    public ulong EventsAfterNormPeek(PropDescriptor pd, Faults faults)
    {
        var pgShift = pd.ShiftPeek;
        var globalPeriod = pd.GlobalPeriodPeek;
        if (periodField == globalPeriod || faults.PropLocalNeverDecays)
        {
            return eventsField;
        }

        var missed = (globalPeriod - Adjusted(periodField, shiftField - pgShift)) >> (pgShift - 1);
        return Decayed(eventsField, missed);
    }

    /// <summary>x halved once for each of <paramref name="missed"/> periods: none left after BITS_PER_LONG of them.</summary>
    private static ulong Decayed(ulong events, ulong missed) => missed < 64 ? events >> (int)missed : 0;

    /// <summary>A period count moved from one shift to another, <paramref name="offset"/> = old - new.</summary>
    private static ulong Adjusted(ulong period, int offset) => offset < 0 ? period << -offset : period >> offset;

    /// <summary>Move the local's period count to a new global shift (set at boot, and again when dirty_ratio is written; the first look moves it from 0).</summary>
    [Models("lib/proportions.c", "prop_adjust_shift", "2.6.29")]
    private void PropAdjustShift(int newShift)
    {
        var offset = shiftField - newShift;
        if (offset == 0)
        {
            return;
        }

        Period = Adjusted(Period, offset);
        shiftField = newShift;
    }

    /// <summary>++x, ++t: one event of this local, after catching up.</summary>
    [Models("lib/proportions.c", "__prop_inc_percpu", "2.6.29")]
    [Models("lib/proportions.c", "__prop_inc_single", "2.6.29")]
    public void PropInc(PropDescriptor pd, Faults faults)
    {
        PropNorm(pd, faults);
        Events++;
        pd.Events++;
    }

    /// <summary>
    /// The local's share: x / (period/2 + t mod period/2). Not x / t: the denominator never falls
    /// below period/2, so a local's share is small until a period's worth of events has been
    /// counted, even when it is the only local (a disk's share of the dirty limit ramps up with
    /// its first completions). No events: 0 / period/2.
    /// </summary>
    [Models("lib/proportions.c", "prop_fraction_percpu", "2.6.29")]
    [Models("lib/proportions.c", "prop_fraction_single", "2.6.29")]
    public (ulong Numerator, ulong Denominator) PropFraction(PropDescriptor pd, Faults faults)
    {
        PropNorm(pd, faults);
        var period2 = pd.Period2;
        return (Events, period2 + (pd.Events & (period2 - 1)));
    }

    public override string ToString() => $"x {Events} (period {Period})";
}
