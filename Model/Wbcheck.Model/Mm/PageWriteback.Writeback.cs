using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// Put a locked page under writeback: set PG_writeback and its tag, account it, drop the DIRTY
    /// tag if the page is clean, and drop TOWRITE unless <paramref name="keepWrite"/> (a
    /// filesystem that writes the page in parts keeps it for the integrity pass still running).
    /// </summary>
    [Models("mm/page-writeback.c", "__folio_start_writeback", "6.9")]
    [Models("mm/page-writeback.c", "test_set_page_writeback", "2.6.20", Fingerprint = "4727e19124ea52aa")]
    [Models("fs/mpage.c", "mpage_writepage (SetPageWriteback)", "2.5.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask FolioStartWriteback(Page page, bool keepWrite = false)
    {
        var mapping = page.Mapping;
        Bug.On(!page.Locked, "__folio_start_writeback", $"{page} is not locked");
        Bug.On(page.Writeback, "__folio_start_writeback", $"{page} is already under writeback");
        Bug.On(mapping is null, "__folio_start_writeback", $"{page} has left its mapping");

        if (kernel.Era.HasPageLists())
        {
            // No tags to set: SetPageWriteback is a bit operation, with no lock, and the page
            // stays on the list writeback moved it to.
            page.Writeback = true;
        }
        else
        {
            await Filemap.XaLock(mapping!, new StepLabel(kernel.Names.SetPageWriteback, page.Index));
            page.Writeback = true;
            var onWblist = kernel.Throttle.TracksWritebackInodes && mapping!.MappingTagged(XaMark.Writeback);
            mapping!.Pages.SetMark(page.Index, XaMark.Writeback);
            if (kernel.Throttle.TracksWritebackInodes && !onWblist)
            {
                kernel.Throttle.WbInodeWritebackStart(mapping);
            }
            if (!page.Dirty && !kernel.Faults.KeepDirtyTagOnWriteback)
            {
                mapping.Pages.ClearMark(page.Index, XaMark.Dirty);
            }

            if (!keepWrite)
            {
                mapping.Pages.ClearMark(page.Index, XaMark.Towrite);
            }

            Filemap.XaUnlock();
        }

        kernel.Vmstat.NrWriteback++;
        if (mapping is not null)
        {
            kernel.Throttle.WbStatWriteback(mapping.Host, 1);
        }

        page.WritebackQueue.Holder = Runtime.Current;
        page.WritebackQueue.HolderNote = null;
    }

    /// <summary>Clear PG_writeback and the WRITEBACK tag, and the accounting. Interrupt context.</summary>
    [Models("mm/page-writeback.c", "__folio_end_writeback", "6.9")]
    [Models("mm/page-writeback.c", "test_clear_page_writeback", "2.6.20", Fingerprint = "8a236dd331d3949b")]
    public void TestClearPageWriteback(Page page)
    {
        var mapping = page.Mapping;
        if (mapping is not null)
        {
            Filemap.XaLockIrqsave(mapping);
            page.Writeback = false;
            if (kernel.Era.HasPageTags())
            {
                mapping.Pages.ClearMark(page.Index, XaMark.Writeback);
                if (kernel.Throttle.TracksWritebackInodes && mapping.Pages.FindNext(0, long.MaxValue, XaMark.Writeback) < 0)
                {
                    kernel.Throttle.WbInodeWritebackEnd(mapping);
                }
            }

            Filemap.XaUnlock();
        }
        else
        {
            page.Writeback = false;
        }

        if (!kernel.Faults.LeakWritebackCount)
        {
            kernel.Vmstat.NrWriteback--;
        }

        kernel.Throttle.AccountPageWritten(mapping);
    }

    /// <summary>
    /// Tag every DIRTY page of [start, end] TOWRITE, so that an integrity pass writes just the
    /// pages dirty when it began: pages dirtied later carry no TOWRITE tag, which is what keeps a
    /// process that dirties pages steadily from livelocking the pass.
    /// </summary>
    [Models("mm/page-writeback.c", "tag_pages_for_writeback", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TagPagesForWriteback(AddressSpace mapping, long start, long end)
    {
        await Filemap.XaLock(mapping, new StepLabel("tag_pages_for_writeback", start));
        var tree = mapping.Pages;
        for (var index = tree.FindNext(start, end, XaMark.Dirty); index >= 0; index = index < end ? tree.FindNext(index + 1, end, XaMark.Dirty) : -1)
        {
            tree.SetMark(index, XaMark.Towrite);
        }

        Filemap.XaUnlock();
    }
}
