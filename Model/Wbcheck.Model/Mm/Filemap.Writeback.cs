using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// End writeback of a page: clear PG_writeback and its tag, then wake the waiters. Called from
    /// I/O completion, in interrupt context: it never sleeps.
    /// </summary>
    [Models("mm/filemap.c", "folio_end_writeback", "6.9")]
    [Models("mm/filemap.c", "end_page_writeback", "2.6.20")]
    public void FolioEndWriteback(Page page)
    {
        Bug.On(!page.Writeback, "folio_end_writeback", $"{page} is not under writeback");
        kernel.PageWriteback.TestClearPageWriteback(page);
        page.WritebackQueue.Holder = null;
        page.WritebackQueue.HolderNote = null;
        Runtime.WakeAll(page.WritebackQueue);
    }
}
