using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The writeback budget on an era whose kernel is known to write past a spent nr_to_write
/// (<see cref="WorldOptions.BudgetOvershootIsKernelBehaviour"/>), in a property that does not
/// state the budget: the first overshoot of the case is noted in its log, so a report of the
/// case says it was seen, and the case goes on, so that the property's own invariant decides it.
/// Were it a failure, every such property would fail on the overshoot first and never reach the
/// races it states (docs/eras.md section 99).
/// </summary>
internal sealed class KnownBudgetOvershoot(Action<string> note) : IKernelObserver
{
    private bool noted;

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        if (!noted && WritebackBudget.Overshoot(page, wbc) is { } overshoot)
        {
            noted = true;
            note(overshoot);
        }
    }
}
