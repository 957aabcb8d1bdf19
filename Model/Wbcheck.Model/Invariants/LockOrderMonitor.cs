using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// One pass of the writeback iterator takes page locks in strictly ascending index order and
/// never wraps back to a lower index: "we should only ever lock multiple pages in ascending
/// page-&gt;index order". Taking a lower page after a higher one is what deadlocks against a
/// thread that holds the lower page and waits on the higher one's writeback.
/// </summary>
public sealed class LockOrderMonitor(IKernelRuntime runtime) : IKernelObserver
{
    public const string Name = "ascending lock order";

    private readonly Dictionary<ModelThread, (AddressSpace Mapping, long Last)> passes = [];

    public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc) =>
        passes[runtime.Current] = (mapping, -1);

    public void WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result) =>
        passes.Remove(runtime.Current);

    public void PageLocked(Page page)
    {
        if (!passes.TryGetValue(runtime.Current, out var pass) || page.Mapping != pass.Mapping)
        {
            return;
        }

        if (page.Index <= pass.Last)
        {
            throw new InvariantViolationException(Name, $"{runtime.Current} locked {page} after page {pass.Last} in one writeback pass of {pass.Mapping}");
        }

        passes[runtime.Current] = (pass.Mapping, page.Index);
    }
}
