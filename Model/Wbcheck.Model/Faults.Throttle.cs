namespace Wbcheck.Model;

/// <summary>Bugs of the throttle after 2.6.20 (Mm/Throttle/IoLess) that can be switched in, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// Every era from 2.6.29 boots with 2.6.20's dirty_ratio 40 and dirty_background_ratio 10
    /// (<see cref="Mm.Throttle.VmSysctls.V2_6_20Default"/>): the model's defaults before
    /// wbcheck-model/35, which no kernel after 2.6.21 had (10 and 5 from 2.6.22, 20 and 10 from 2.6.30).
    /// </summary>
    public bool DirtyDefaultsOf2620OnEveryEra { get; init; }

    /// <summary>wb_dirty_limits divides by the global threshold without the zero test f6789593d5ce added.</summary>
    public bool WbDirtyLimitsWithoutZeroGuard { get; init; }

    /// <summary>balance_dirty_pages sleeps the whole pause it worked out, not trimmed to max_pause.</summary>
    public bool PauseNotCappedAtMaxPause { get; init; }

    /// <summary>The global dirty limits give a real-time or less-throttled task no extra room.</summary>
    public bool ThrottleBoostForgotten { get; init; }

    /// <summary>wb_max_pause returns its estimate without capping it at MAX_PAUSE.</summary>
    public bool MaxPauseNotCapped { get; init; }

    /// <summary>wb_min_pause keeps its target pause without trimming it to half of max_pause.</summary>
    public bool MinPauseNotTrimmed { get; init; }

    /// <summary>dirty_poll_interval returns 0 instead of 1 at or over the threshold: the task would look on every page, forever.</summary>
    public bool DirtyPollIntervalMayBeZero { get; init; }

    /// <summary>
    /// account_page_redirty does nothing: a page redirtied by -&gt;writepage counts as newly
    /// dirtied again, as in 2.6.37 to 3.1 before 2f800fbd777b.
    /// </summary>
    public bool RedirtyNotDeaccounted { get; init; }

    /// <summary>account_page_dirtied counts NR_DIRTIED but not current-&gt;nr_dirtied.</summary>
    public bool DirtyingNotCountedForTask { get; init; }

    /// <summary>account_page_redirty takes the count back from NR_DIRTIED but not from current-&gt;nr_dirtied.</summary>
    public bool RedirtyNotDeaccountedFromTask { get; init; }

    /// <summary>
    /// Every task's dirtying counts (nr_dirtied, nr_dirtied_pause, dirty_paused_when, its share of
    /// dirtying) are kept as one task's, as if every thread ran as TaskStruct.Ordinary: the model's
    /// sharing before wbcheck-model/8, which no kernel has.
    /// </summary>
    public bool TasksShareDirtiedCounts { get; init; }

    /// <summary>The running I/O-less balance_dirty_pages lets the dirtier go where it should sleep its pause.</summary>
    public bool DirtierNeverPauses { get; init; }

    /// <summary>
    /// 2.6.20's balance_dirty_pages lets the dirtier go only once dirty, unstable and writeback
    /// pages are within the background threshold, not the dirty threshold: held wrongly between
    /// the two while the pages there cannot be cleaned (a -&gt;writepage that refuses them).
    /// </summary>
    public bool ThrottleReleasesAtBackgroundThreshold { get; init; }

    /// <summary>
    /// The running I/O-less balance_dirty_pages takes the dirtier's rate as zero over the freerun
    /// ceiling, as if pos_ratio were 0 there and not only at the hard limit: the dirtier pauses
    /// again and again, held until dirty memory is under the freerun ceiling (or the disk's within
    /// bdi_stat_error), where the kernel lets it go after one pause anywhere under the hard limit.
    /// </summary>
    public bool IoLessRateZeroOverFreerun { get; init; }
}
