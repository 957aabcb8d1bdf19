using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    /// <summary>
    /// pageout of a page whose mapping has no -&gt;writepage (<see cref="IAddressSpaceOperations.HasWritepage"/>):
    /// PAGE_ACTIVATE, so shrink_page_list activates it, still dirty, for the flusher to write
    /// through -&gt;writepages; reclaim never writes such a filesystem's pages itself
    /// (<see cref="ReclaimEras.PageoutActivatesWithoutWritepage"/>). 2.5.31's reclaim does not
    /// come here: it writes the mapping through generic_vm_writeback
    /// (<see cref="ReclaimEras.ReclaimWritesThroughVmWriteback"/>); only a direct caller of the
    /// list era's pageout (2.5.49's form on) meets the unmodelled path.
    /// </summary>
    private PageoutResult PageoutWithoutWritepage() => kernel.Era.PageoutActivatesWithoutWritepage()
        ? PageoutResult.Activate
        : throw new UnmodelledPathException("shrink_list", "a dirty page of a mapping without ->writepage in the list era's pageout (2.5.31 reclaim writes through generic_vm_writeback instead)");
}
