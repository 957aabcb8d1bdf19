namespace Wbcheck.Model.Invariants;

/// <summary>
/// Background writeout stops once under the background threshold: it never begins another pass
/// while dirty and unstable pages are under the threshold (not over it from 2.6.37; from 3.2, and
/// the disk's not over its share of it), counted by the monitor itself
/// (<see cref="BackgroundWritebackOwed"/>), and it owes no more of the pages it was asked for.
/// (Within a pass it looks at nothing but its page budget, so it may end up to
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
        // its own share of the threshold goes on too; the count is the monitor's own, not the
        // flusher's test (BackgroundWritebackOwed).
        if (!BackgroundWritebackOwed.Now(kernel))
        {
            throw new InvariantViolationException(Name, $"background writeout began another pass with {BackgroundWritebackOwed.Describe(kernel)}");
        }
    }
}
