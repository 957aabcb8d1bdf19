using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The writeback budget on an era whose kernel is known to write past a spent nr_to_write
/// (<see cref="WorldOptions.BudgetOvershootIsKernelBehaviour"/>), in a property that does not
/// state the budget. The known overshoot is 2.6.20's generic_writepages writing the rest of its
/// pagevec once nr_to_write runs out: within the one -&gt;writepages call whose budget ran out,
/// at most the pagevec's remaining pages (PAGEVEC_SIZE 14, or the case's smaller batch, less the
/// page that spent it). The first such overshoot of the case is noted in its log, so a report of
/// the case says it was seen, and the case goes on, so that the property's own invariant decides
/// it; any other overshoot (a call begun with the budget spent, or past the pagevec) fails as
/// the budget check does (docs/eras.md sections 99 and 105).
/// </summary>
internal sealed class KnownBudgetOvershoot(Action<string> note, int batchSize) : IKernelObserver
{
    private readonly int pagevecRest = Math.Min(PageWriteback.GenericWritepagesPagevecSize, batchSize) - 1;
    private readonly Dictionary<WritebackControl, (AddressSpace Mapping, long Budget)> calls = new(ReferenceEqualityComparer.Instance);
    private bool noted;

    public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc) => calls[wbc] = (mapping, wbc.NrToWrite);

    /// <summary>
    /// The call is over: its budget excuses nothing after it, and the table holds only the calls
    /// under way, not every wbc of the case.
    /// </summary>
    public void WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result)
    {
        if (calls.TryGetValue(wbc, out var call) && call.Mapping == mapping)
        {
            calls.Remove(wbc);
        }
    }

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        if (WritebackBudget.Overshoot(page, wbc) is not { } overshoot)
        {
            return;
        }

        // The page after the one that spent the budget starts at nr_to_write 0, the next at -1.
        var pastBudget = 1 - wbc.NrToWrite;
        if (!calls.TryGetValue(wbc, out var call) || call.Mapping != page.Mapping || call.Budget <= 0 || pastBudget > pagevecRest)
        {
            throw new InvariantViolationException(WritebackBudget.Name,
                $"{overshoot}: not the era's known overshoot (the rest of the pagevec, at most {pagevecRest} page(s), in the ->writepages call that spent the budget)");
        }

        if (!noted)
        {
            noted = true;
            note(overshoot);
        }
    }
}
