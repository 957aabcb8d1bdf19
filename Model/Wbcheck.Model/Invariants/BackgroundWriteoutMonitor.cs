namespace Wbcheck.Model.Invariants;

/// <summary>
/// Background writeout stops once under the background threshold: it never begins another pass
/// while dirty and unstable pages are under the threshold (from 3.2, and the disk's under its
/// share of it) and it owes no more of the pages it was asked for. (Within a pass it looks at nothing but its page budget, so it may end up to
/// MAX_WRITEBACK_PAGES below the threshold; that is allowed.)
/// </summary>
public sealed class BackgroundWriteoutMonitor(Kernel kernel) : IKernelObserver
{
    public const string Name = "background writeout stops under the background threshold";

    public void BackgroundWriteoutPass(long minPages)
    {
        if (minPages > 0)
        {
            return; // asked for pages regardless of the threshold (wakeup_pdflush, sync)
        }

        // pdflush is an ordinary task and asks for no particular mapping. From 3.2 the disk over
        // its own share of the threshold goes on too (DirtyThrottle.OverBgroundThresh).
        if (!kernel.Throttle.BackgroundWritebackOwed())
        {
            var threshold = kernel.Throttle.BackgroundThresholdOfEra();
            var vmstat = kernel.Vmstat;
            var reclaimable = vmstat.NrFileDirty + vmstat.NrUnstableNfs;
            throw new InvariantViolationException(Name,
                $"background writeout began another pass with {reclaimable} dirty and unstable page(s), under its threshold of {threshold}");
        }
    }
}
