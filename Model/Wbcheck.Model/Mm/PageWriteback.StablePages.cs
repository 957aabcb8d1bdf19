using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// Before a page's data may change, wait for its writeback to end if the device needs stable
    /// pages. In the eras before the wait existed a store changed the data of a page whose I/O
    /// was in flight, whatever the device.
    /// </summary>
    [Models("mm/page-writeback.c", "folio_wait_stable", "6.9")]
    [Models("mm/page-writeback.c", "wait_for_stable_page", "3.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask FolioWaitStable(Page page)
    {
        if (kernel.Era.WaitsForStablePages() && kernel.BackingDev.StableWrites && !kernel.Faults.NoStablePageWait)
        {
            await kernel.Filemap.FolioWaitWriteback(page);
        }
    }
}
