using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Time;

/// <summary>
/// struct timer_list: a function to run, in timer (softirq) context, once jiffies reach
/// <see cref="Expires"/>. The function must not sleep; the kernel's writeback timers only hand
/// work to a pdflush thread.
/// </summary>
[Models("include/linux/timer.h", "struct timer_list", "2.6.20")]
public sealed class TimerList(string name, Action function)
{
    /// <summary>The kernel's name for the timer, e.g. "wb_timer", for traces and messages.</summary>
    public string Name { get; } = name;

    public Action Function { get; } = function;

    /// <summary>The jiffy at which the function runs, while <see cref="Pending"/>.</summary>
    public long Expires { get; internal set; }

    /// <summary>Armed and not yet run (timer_pending).</summary>
    public bool Pending { get; internal set; }

    /// <summary>Insertion order, so that timers due at the same jiffy run in the order they were armed.</summary>
    internal long Sequence { get; set; }

    public override string ToString() => Pending ? $"{Name} (expires {Expires})" : $"{Name} (idle)";
}
