using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    /// <summary>
    /// pageout of a page whose mapping has no -&gt;writepage (<see cref="IAddressSpaceOperations.HasWritepage"/>):
    /// PAGE_ACTIVATE, so shrink_page_list activates it, still dirty, for the flusher to write
    /// through -&gt;writepages; reclaim never writes such a filesystem's pages itself
    /// (<see cref="ReclaimEras.PageoutActivatesWithoutWritepage"/>). 2.5.31's shrink_list
    /// would write it through generic_vm_writeback, which the model does not have.
    /// </summary>
    private PageoutResult PageoutWithoutWritepage() => kernel.Era.PageoutActivatesWithoutWritepage()
        ? PageoutResult.Activate
        : throw new UnmodelledPathException("shrink_list", "a dirty page of a mapping without ->writepage (2.5.31 writes it through ->vm_writeback or generic_vm_writeback, not modelled)");
}
