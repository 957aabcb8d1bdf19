using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// What every caller of -&gt;writepages did in the list era before calling it: move the whole
    /// of dirty_pages onto io_pages under the page_lock, so that the walk writes just the pages
    /// dirty now. Pages dirtied from here on go to dirty_pages and wait for the next pass.
    /// </summary>
    [Models("mm/filemap.c", "__filemap_fdatawrite", "2.6.0")]
    [Models("fs/fs-writeback.c", "__sync_single_inode", "2.5.68")]
    [Models("mpage_writepages.9 (manual page)", "mpage_writepages (\"The caller must place them there\")", "2.5")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SpliceDirtyToIo(AddressSpace mapping)
    {
        await XaLock(mapping, new StepLabel("list_splice_init(dirty_pages, io_pages)"));
        mapping.Lists.SpliceInit(PageListKind.Dirty, PageListKind.Io);
        XaUnlock();
    }

    /// <summary>
    /// Wait for the I/O writeback started: walk locked_pages from its head, put each page back
    /// on dirty_pages or clean_pages, and wait for those under writeback, reporting -EIO for a
    /// page whose I/O failed (PG_error is left set). A page redirtied after its I/O started has
    /// already left locked_pages for dirty_pages, and is not waited for.
    /// </summary>
    [Models("mm/filemap.c", "filemap_fdatawait", "2.6.0")]
    [Models("mm/filemap.c", "filemap_fdatawait", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FilemapFdatawaitLists(AddressSpace mapping)
    {
        var result = 0;
        var lists = mapping.Lists;
        while (true)
        {
            await XaLock(mapping, new StepLabel("filemap_fdatawait"));
            var page = lists.Head(PageListKind.Locked);
            if (page is null)
            {
                XaUnlock();
                return result;
            }

            lists.MoveTo(page, page.Dirty ? PageListKind.Dirty : PageListKind.Clean);
            if (!page.Writeback)
            {
                XaUnlock();
                continue;
            }

            FolioGet(page);
            XaUnlock();
            await FolioWaitWriteback(page);
            if (page.Error)
            {
                result = Errno.EIO;
            }

            FolioPut(page);
        }
    }
}
