using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// The list era's walk (mpage_writepages, and generic_writepages, which became a call to it):
    /// take pages from the tail of io_pages, oldest first, until it is empty, nr_to_write runs out
    /// or a write fails. Each page leaves io_pages under the page_lock: for clean_pages if clean,
    /// for locked_pages if it is to be written. Memory-cleaning writeback skips a page under
    /// writeback (back to dirty_pages if redirtied, else to locked_pages); a data-integrity sync
    /// (called_for_sync) locks it and waits for that writeback, so that the data dirty when the
    /// sync was called gets I/O of its own. Pages left on io_pages stay there for the next pass.
    /// With <see cref="Faults.WalkDirtyPagesWithoutIoPages"/> the walk takes dirty_pages itself,
    /// the design io_pages exists to prevent: a page that waits, locked, in the filesystem's
    /// unsubmitted bio can be redirtied onto dirty_pages at any time, and the walk then tries to
    /// lock it again; and a writer dirtying pages faster than they are written keeps the walk going.
    /// Ranges and writeback_index play no part: the lists are not in index order.
    /// </summary>
    [Models("mpage_writepages.9 (manual page)", "mpage_writepages", "2.5")]
    [Models("fs/mpage.c", "mpage_writepages", "2.5.31")]
    [Models("fs/mpage.c", "mpage_writepages", "2.5.68")]
    [Models("mm/page-writeback.c", "generic_writeback_mapping", "2.5.12")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> MpageWritepagesLists(AddressSpace mapping, WritebackControl wbc, WritepageCallback writepage)
    {
        var lists = mapping.Lists;
        var source = kernel.Faults.WalkDirtyPagesWithoutIoPages ? PageListKind.Dirty : PageListKind.Io;
        var sync = wbc.SyncMode == WritebackSyncMode.All; // called_for_sync()
        var result = 0;
        var done = false;
        NotifyPassStarted(mapping, wbc);
        while (!done)
        {
            // The kernel holds the page_lock from one skipped page to the next; the model takes
            // it again for each page, so that a walk that never ends has scheduling points.
            await Filemap.XaLock(mapping, new StepLabel("mpage_writepages"));
            var page = lists.Tail(source);
            if (page is null)
            {
                Filemap.XaUnlock();
                break;
            }

            if (page.Writeback && !sync)
            {
                // Under I/O: memory cleaning leaves it. It is on io_pages only if someone
                // redirtied it while under I/O; then it waits on dirty_pages for a later pass.
                lists.MoveTo(page, page.Dirty ? PageListKind.Dirty : PageListKind.Locked);
                Filemap.XaUnlock();
                continue;
            }

            if (!page.Dirty)
            {
                lists.MoveTo(page, PageListKind.Clean);
                Filemap.XaUnlock();
                continue;
            }

            lists.MoveTo(page, PageListKind.Locked);
            Filemap.FolioGet(page);
            Filemap.XaUnlock();

            // Neither the page_lock nor the page lock is held here: the page may be truncated.
            await Filemap.FolioLock(page);
            if (sync)
            {
                await Filemap.FolioWaitWriteback(page);
            }

            if (page.Mapping == mapping && !page.Writeback && await ClearPageDirtyForIo(page))
            {
                var error = await writepage(page, wbc);
                if (error != 0)
                {
                    mapping.Flags |= error == Errno.ENOSPC ? AddressSpaceFlags.Enospc : AddressSpaceFlags.Eio;
                    result = error;
                }

                if (error == Errno.AOP_WRITEPAGE_ACTIVATE)
                {
                    Filemap.FolioUnlock(page);
                }

                if (error != 0 || --wbc.NrToWrite <= 0)
                {
                    done = true;
                }
            }
            else
            {
                Filemap.FolioUnlock(page);
            }

            Filemap.FolioPut(page);
        }

        NotifyPassEnded(mapping, wbc, result);
        return result;
    }
}
