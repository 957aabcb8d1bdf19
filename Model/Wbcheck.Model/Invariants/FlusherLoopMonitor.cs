using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// From 2.6.24's more_io on (the model's 2.6.29 era), background writeout does not give up on an
/// inode because another thread was writing it: the walk requeues such an inode to b_more_io and
/// the loop goes round again (waiting for it, from 2.6.36). So when the loop ends over its
/// threshold, no inode it could have written — dirty since before the loop began — is still
/// being written by someone else with its pages left dirty. (Before, background writeout skipped
/// such an inode and could end over the threshold; the monitor does not hold those eras to it.)
/// Not held while another pdflush thread writes the disk: a pdflush walk stops at such a disk
/// and leaves its inodes to that thread. Checked when the disk's background writeout ends
/// (docs/flusher-loop.md).
/// </summary>
public sealed class FlusherLoopMonitor(Kernel kernel) : IKernelObserver
{
    public const string Name = "background writeout comes back to an inode it skipped";

    public void BackgroundWriteoutEnded(long minPages, long loopStart)
    {
        if (!kernel.Era.WritebackHasMoreIo())
        {
            return;
        }

        // Another pdflush thread is writing the disk (BDI_pdflush): the walk stopped rather than
        // make the two seek against each other, leaving the inodes to that thread, by design.
        if (kernel.BackingDev.PdflushWriting)
        {
            return;
        }

        var threshold = kernel.Throttle.BackgroundThresholdOfEra();
        var reclaimable = kernel.Vmstat.NrFileDirty + kernel.Vmstat.NrUnstableNfs;
        if (!BackgroundWritebackOwed.Now(kernel) && minPages <= 0)
        {
            return;
        }

        if (HeldByAnotherWriter(wb: null, loopStart) is { } inode)
        {
            throw new InvariantViolationException(Name,
                $"background writeout ended with {reclaimable} dirty and unstable page(s) (threshold {threshold}, {Math.Max(0, minPages)} page(s) owed) while {inode}, dirty since jiffy {inode.DirtiedWhen}, before the loop began at {loopStart}, was being written by another thread: it should have gone to b_more_io and been written when that thread was done");
        }
    }

    /// <summary>
    /// The same rule for a cgwb's flusher (cgroup writeback, 4.2; every such era has more_io):
    /// when its loop ends with <paramref name="wb"/> still over a background threshold
    /// (wb_over_bg_thresh), no inode of that wb dirty since before the loop began is being
    /// written by another thread with its pages dirty.
    /// </summary>
    public void WbFlusherEnded(CgroupWb wb, long loopStart)
    {
        var throttle = kernel.Throttle;
        if (!kernel.Era.WritebackHasMoreIo() || !throttle.WbOverBgThresh(wb))
        {
            return;
        }

        if (HeldByAnotherWriter(wb, loopStart) is { } inode)
        {
            throw new InvariantViolationException(Name,
                $"the flusher of the wb of memcg {wb.Memcg.Name} ended over its background threshold ({Math.Max(0, wb.Reclaimable)} dirty page(s) on the wb) while {inode}, dirty since jiffy {inode.DirtiedWhen}, before the loop began at {loopStart}, was being written by another thread: it should have gone to the wb's b_more_io and been written when that thread was done");
        }
    }

    /// <summary>An inode of <paramref name="wb"/> (null: the root wb) dirty since before <paramref name="loopStart"/> and being written by another thread with its pages dirty, if any.</summary>
    private Inode? HeldByAnotherWriter(CgroupWb? wb, long loopStart) =>
        kernel.Inodes.FirstOrDefault(inode =>
            (inode.State & (InodeState.DirtyPages | InodeState.Lock)) == (InodeState.DirtyPages | InodeState.Lock)
            && !Timers.TimeAfter(inode.DirtiedWhen, loopStart)
            && kernel.Throttle.InodeToWb(inode) == wb);
}
