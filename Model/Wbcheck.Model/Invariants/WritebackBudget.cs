using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Background writeback is bounded by nr_to_write: once a WB_SYNC_NONE pass has spent its
/// budget, no page more is put under writeback for it, whether the iterator hands the page to
/// -&gt;writepage or the filesystem takes it itself as a neighbour of the page it was handed
/// (a filesystem that writes clusters spends the budget on pages the iterator never saw, and
/// the iterator must see that it is spent). Checked as each write starts.
/// </summary>
public sealed class WritebackBudget : IKernelObserver
{
    public const string Name = "background writeback bounded by nr_to_write";

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        if (Overshoot(page, wbc) is { } overshoot)
        {
            throw new InvariantViolationException(Name, overshoot);
        }
    }

    /// <summary>What is wrong when <paramref name="page"/> starts writeback for <paramref name="wbc"/>, or null when the pass has budget left.</summary>
    public static string? Overshoot(Page page, WritebackControl wbc) =>
        wbc.SyncMode == WritebackSyncMode.None && wbc.NrToWrite <= 0
            ? $"{page} of {page.Mapping?.Host} starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent ({wbc.NrToWrite})"
            : null;
}
