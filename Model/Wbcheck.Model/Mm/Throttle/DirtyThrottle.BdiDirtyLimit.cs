using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>vm_completions: writeout completions, per disk (bdi-&gt;completions).</summary>
    private readonly PropDescriptor vmCompletions = new();

    /// <summary>vm_dirties: pages dirtied, per task (tsk-&gt;dirties).</summary>
    private readonly PropDescriptor vmDirties = new();

    /// <summary>The model's one disk's completions, bdi-&gt;completions.</summary>
    private readonly PropLocal bdiCompletions = new();

    /// <summary>
    /// The per-device throttle of 2.6.24 runs in the 2.6.29 and 2.6.36 eras: the dirty
    /// threshold is shared between disks by their recent writeout completions and lowered for
    /// heavy dirtiers (task_dirty_limit), and balance_dirty_pages tests the disk's own dirty and
    /// writeback pages against its share. Its floating proportions (lib/proportions.c) were
    /// replaced by flexible ones in 3.5, which the I/O-less throttle of the 3.19 era uses.
    /// </summary>
    public bool PerBdi => kernel.Era.AtLeast(KernelEra.V2_6_29) && kernel.Era.Before(KernelEra.V3_19);

    /// <summary>vm_completions, for tests and the throttle properties.</summary>
    public PropDescriptor VmCompletions => vmCompletions;

    /// <summary>vm_dirties, for tests and the throttle properties.</summary>
    public PropDescriptor VmDirties => vmDirties;

    /// <summary>The one disk's share of writeout completions, bdi-&gt;completions.</summary>
    public PropLocal BdiCompletions => bdiCompletions;

    /// <summary>
    /// The proportions' period, coupled to the dirty threshold: period/2 is about the threshold
    /// rounded up to a power of two, so that a disk's share follows the last threshold's worth
    /// of completions. dirty_bytes is not set in the model: the ratio of dirtyable memory.
    /// </summary>
    [Models("mm/page-writeback.c", "calc_period_shift", "2.6.29")]
    public int CalcPeriodShift()
    {
        var dirtyTotal = (ulong)Sysctls.DirtyRatio * Arithmetic.GlobalDirtyableMemory(MemoryNow(), SettingsNow()) / 100;

        // ilog2(0) is -1 (fls(0) - 1) and dirty_total - 1 wraps at 0 to ULONG_MAX: 2 + 63, which
        // prop_descriptor_init caps at PROP_MAX_SHIFT.
        return (int)(2 + Math64.Ilog2(dirtyTotal - 1));
    }

    /// <summary>
    /// page_writeback_init's proportions: both descriptors start empty with the boot-time period.
    /// Also for callers that boot no more of the kernel (a race scenario, whose kupdate timer
    /// would add a thread): left unbooted, the proportions' period would be one event.
    /// </summary>
    [Models("mm/page-writeback.c", "page_writeback_init (prop_descriptor_init)", "2.6.29")]
    public void InitProportions()
    {
        var shift = CalcPeriodShift();
        vmCompletions.PropDescriptorInit(shift);
        vmDirties.PropDescriptorInit(shift);
    }

    /// <summary>
    /// A page's writeback completed: one completion for its disk (test_clear_page_writeback).
    /// bdi-&gt;max_prop_frac is PROP_FRAC_BASE (max_ratio 100), so __prop_inc_percpu_max counts
    /// every event, as __prop_inc_percpu does.
    /// </summary>
    [Models("mm/page-writeback.c", "__bdi_writeout_inc", "2.6.29")]
    private void BdiWriteoutInc() => bdiCompletions.PropInc(vmCompletions, Faults);

    /// <summary>A page newly dirtied by the running task: one event of its dirties (account_page_dirtied).</summary>
    [Models("mm/page-writeback.c", "task_dirty_inc", "2.6.29")]
    private void TaskDirtyInc() => CurrentDirtied.Dirties.PropInc(vmDirties, Faults);

    /// <summary>The disk's share of recent writeout completions (it writes back dirty pages: no BDI_CAP_NO_WRITEBACK).</summary>
    [Models("mm/page-writeback.c", "bdi_writeout_fraction", "2.6.29")]
    public (ulong Numerator, ulong Denominator) BdiWriteoutFraction() => bdiCompletions.PropFraction(vmCompletions, Faults);

    /// <summary><paramref name="task"/>'s share of recent dirtying.</summary>
    [Models("mm/page-writeback.c", "task_dirties_fraction", "2.6.29")]
    public (ulong Numerator, ulong Denominator) TaskDirtiesFraction(TaskStruct task) => DirtiedBy(task).Dirties.PropFraction(vmDirties, Faults);

    /// <summary>
    /// The disk's share of the dirty threshold <paramref name="dirty"/>: what is left after every
    /// disk's min_ratio, split by recent completions, plus its own min_ratio, capped at its
    /// max_ratio (the model's disk has min_ratio 0 and max_ratio 100, and no disk has a
    /// min_ratio). u64 arithmetic; the denominator is never below period/2, so never zero.
    /// </summary>
    [Models("mm/page-writeback.c", "get_dirty_limits (the bdi share)", "2.6.29")]
    [Models("mm/page-writeback.c", "bdi_dirty_limit", "2.6.36")]
    public ulong BdiDirtyLimit(ulong dirty)
    {
        const ulong BdiMinRatio = 0, MinRatio = 0, MaxRatio = 100;
        var (numerator, denominator) = BdiWriteoutFraction();
        var bdiDirty = dirty * (100 - BdiMinRatio) / 100;
        bdiDirty *= numerator;
        bdiDirty = Math64.Div64U64(bdiDirty, denominator, "bdi_dirty_limit", "the completions denominator");
        bdiDirty += dirty * MinRatio / 100;
        return bdiDirty > dirty * MaxRatio / 100 ? dirty * MaxRatio / 100 : bdiDirty;
    }

    /// <summary>
    /// Clip the disk's earned share to what is actually left: the threshold less every dirty,
    /// writeback and unstable page (none below zero), plus the disk's own dirty and writeback
    /// pages, so that a share the floating averages have let grow too fast cannot push the
    /// total over the threshold. (NR_WRITEBACK_TEMP, FUSE's, is zero in the model.) Until
    /// 2.6.32, which moved the test into balance_dirty_pages (2.6.36 has no clip).
    /// </summary>
    [Models("mm/page-writeback.c", "clip_bdi_dirty_limit", "2.6.29")]
    public ulong ClipBdiDirtyLimit(ulong dirty, ulong bdiDirty)
    {
        var availDirty = (ulong)(Vmstat.NrFileDirty + Vmstat.NrWriteback + Vmstat.NrUnstableNfs);
        availDirty = availDirty < dirty ? dirty - availDirty : 0;

        // One disk: its BDI_RECLAIMABLE (dirty + unstable) and BDI_WRITEBACK are the machine's.
        availDirty += (ulong)(NrReclaimable() + Vmstat.NrWriteback);
        return Math.Min(bdiDirty, availDirty);
    }

    /// <summary>
    /// Lower <paramref name="bdiDirty"/> for <paramref name="task"/> by up to an eighth, in
    /// proportion to its share of recent dirtying, never below half: a heavy dirtier is
    /// throttled before the disk's limit, so that a light one can still make progress.
    /// </summary>
    [Models("mm/page-writeback.c", "task_dirty_limit", "2.6.29")]
    [Models("mm/page-writeback.c", "task_dirty_limit", "2.6.36")]
    public ulong TaskDirtyLimit(TaskStruct task, ulong bdiDirty)
    {
        var (numerator, denominator) = TaskDirtiesFraction(task);
        var inv = (bdiDirty >> 3) * numerator;
        inv = Math64.Div64U64(inv, denominator, "task_dirty_limit", "the dirties denominator");
        var dirty = bdiDirty - inv;
        return Math.Max(dirty, bdiDirty / 2);
    }

    /// <summary>
    /// 2.6.29's get_dirty_limits with a disk: the era's global thresholds for
    /// <paramref name="task"/> (determine_dirtyable_memory, dirty_bytes, the 5% floor, the
    /// boost), then the disk's share, clipped, lowered for the task.
    /// </summary>
    [Models("mm/page-writeback.c", "get_dirty_limits", "2.6.29")]
    public (GlobalDirtyThresholds Global, ulong BdiThresh) GetDirtyLimitsBdi(TaskStruct task)
    {
        var global = GlobalDirtyLimitsNow(task);
        var bdiThresh = ClipBdiDirtyLimit(global.Dirty, BdiDirtyLimit(global.Dirty));
        return (global, TaskDirtyLimit(task, bdiThresh));
    }
}
