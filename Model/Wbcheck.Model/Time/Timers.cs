using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Time;

/// <summary>
/// kernel/timer.c: jiffies and the timers waiting on them. Time is model state. It never follows
/// the wall clock: it moves only when model code advances it (a timed wait that nothing ends
/// early, or a scenario playing the timer interrupt), so a run stays a pure function of its
/// choices and replays exactly. Jiffies never wrap in the model; time_before and time_after
/// are plain comparisons.
/// </summary>
public sealed class Timers(IKernelRuntime runtime)
{
    /// <summary>
    /// Ticks a second. CONFIG_HZ=100 is one of the kernel's choices; it keeps the model's
    /// intervals small (HZ/10 is ten ticks) without changing any rule that depends on them.
    /// </summary>
    public const int Hz = 100;

    private readonly List<TimerList> armed = [];
    private long nextSequence;
    private long jiffies;

    /// <summary>jiffies: ticks since boot.</summary>
    public long Jiffies
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Timers));
            return jiffies;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Timers));
            jiffies = value;
        }
    }

    /// <summary>Arm <paramref name="timer"/> for <paramref name="expires"/>, moving it if it is already armed.</summary>
    [Models("kernel/timer.c", "mod_timer", "2.6.20")]
    public void ModTimer(TimerList timer, long expires)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Timers));
        if (!timer.Pending)
        {
            armed.Add(timer);
        }

        timer.Pending = true;
        timer.Expires = expires;
        timer.Sequence = nextSequence++;
    }

    /// <summary>Disarm <paramref name="timer"/>; returns whether it was armed.</summary>
    [Models("kernel/timer.c", "del_timer", "2.6.20")]
    public bool DelTimer(TimerList timer)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Timers));
        if (!timer.Pending)
        {
            return false;
        }

        timer.Pending = false;
        armed.Remove(timer);
        return true;
    }

    /// <summary>
    /// Let <paramref name="ticks"/> jiffies pass, one tick at a time, running each timer that
    /// falls due in timer context (atomic: a timer function that sleeps is reported). A timer
    /// re-armed for the current jiffy runs on the next tick, as the timer wheel would run it.
    /// </summary>
    [Models("kernel/timer.c", "run_timer_softirq", "2.6.20")]
    public void Advance(long ticks)
    {
        if (ticks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ticks), ticks, "time cannot go backwards");
        }

        for (var tick = 0L; tick < ticks; tick++)
        {
            Jiffies++;
            RunExpired();
        }
    }

    /// <summary>Whether <paramref name="a"/> is before <paramref name="b"/>.</summary>
    [Models("include/linux/jiffies.h", "time_before", "2.6.20")]
    public static bool TimeBefore(long a, long b) => a < b;

    /// <summary>Whether <paramref name="a"/> is after <paramref name="b"/>.</summary>
    [Models("include/linux/jiffies.h", "time_after", "2.6.20")]
    public static bool TimeAfter(long a, long b) => a > b;

    private void RunExpired()
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Timers));
        var due = armed.Where(t => t.Expires <= Jiffies).OrderBy(t => t.Expires).ThenBy(t => t.Sequence).ToList();
        foreach (var timer in due)
        {
            // Only what was due when the tick began runs now; a function may re-arm its timer.
            if (!timer.Pending || timer.Expires > Jiffies)
            {
                continue;
            }

            timer.Pending = false;
            armed.Remove(timer);
            runtime.EnterAtomic($"timer {timer.Name}");
            try
            {
                timer.Function();
            }
            finally
            {
                runtime.ExitAtomic();
            }
        }
    }
}
