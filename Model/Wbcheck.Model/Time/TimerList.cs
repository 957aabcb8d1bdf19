using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Time;

/// <summary>
/// struct timer_list: a function to run, in timer (softirq) context, once jiffies reach
/// <see cref="Expires"/>. The function must not sleep; the kernel's writeback timers only hand
/// work to a pdflush thread.
/// </summary>
[Models("include/linux/timer.h", "struct timer_list", "2.6.20")]
public sealed class TimerList(string name, Action function)
{
    private long expiresField;
    private bool pendingField;

    /// <summary>The kernel's name for the timer, e.g. "wb_timer", for traces and messages.</summary>
    public string Name { get; } = name;

    public Action Function { get; } = function;

    /// <summary>The jiffy at which the function runs, while <see cref="Pending"/>.</summary>
    public long Expires
    {
        get
        {
            AccessLog.Read(AccessId(Field.Expires));
            return expiresField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Expires));
            expiresField = value;
        }
    }

    /// <summary>Armed and not yet run (timer_pending).</summary>
    public bool Pending
    {
        get
        {
            AccessLog.Read(AccessId(Field.Pending));
            return pendingField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Pending));
            pendingField = value;
        }
    }

    /// <summary>Insertion order, so that timers due at the same jiffy run in the order they were armed.</summary>
    internal long Sequence { get; set; }

    public override string ToString() => Pending ? $"{Name} (expires {Expires})" : $"{Name} (idle)";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 2, (int)field);

    /// <summary>The timer's fields, as AccessIds numbers them (shared by every timer).</summary>
    private enum Field
    {
        Expires,
        Pending,
    }
}
