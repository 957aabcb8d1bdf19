using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class SimpleFs
{
    /// <summary>Pages of <see cref="SimpleFsOptions.PartialPages"/> whose first, partial, write has happened: later writes are whole.</summary>
    private readonly HashSet<long> partiallyWritten = [];

    /// <summary>
    /// Submit a page only in part: the blocks that are mapped go to disk, the rest of the page
    /// stays dirty. The page is redirtied and put under writeback at once; where the era has
    /// set_page_writeback_keepwrite (1c8349a17137, 3.16) its TOWRITE tag stays, so that the
    /// integrity pass still running finds it again; before, starting writeback dropped the tag.
    /// The part written holds none of the page's newest data (the model's page has one version),
    /// so no data reaches the disk and the writeback ends as the bio of mapped blocks completes.
    /// </summary>
    [Models("fs/ext4/page-io.c", "ext4_bio_write_page (keep_towrite)", "3.16")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WritePart(Page page, WritebackControl wbc, long iSize)
    {
        // The write starts where the filesystem has just looked at i_size, before redirtying.
        NotifyWriteStarting(page, wbc, iSize);
        await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
        await kernel.PageWriteback.FolioStartWriteback(page, keepWrite: kernel.Era.StartWritebackKeepsTowrite());
        kernel.Filemap.FolioUnlock(page);
        kernel.Filemap.FolioEndWriteback(page);
    }

    /// <summary>
    /// The -&gt;writepages of a filesystem that writes some pages in parts, in ext4_writepages'
    /// shape: one pass of the iterator, and for data integrity a walk over the pages still tagged
    /// for it (TOWRITE where the era tags, DIRTY before), tagged once at the start and not again,
    /// writing the rest of each.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_writepages", "3.16")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> WritepagesFinishingPartialPages(AddressSpace mapping, WritebackControl wbc)
    {
        var result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, WritepageRecordingError);
        if (wbc.SyncMode != WritebackSyncMode.All)
        {
            return result;
        }

        var tag = kernel.Era.TagsTowrite() ? XaMark.Towrite : XaMark.Dirty;
        var end = PageWriteback.WbcEnd(wbc);
        var start = wbc.RangeCyclic ? 0 : wbc.RangeStart >> WritebackControl.PageShift;
        var filemap = kernel.Filemap;
        for (var index = mapping.Pages.FindNext(start, end, tag); index >= 0; index = index < end ? mapping.Pages.FindNext(index + 1, end, tag) : -1)
        {
            await filemap.CondResched(new StepLabel("mpage_prepare_extent_to_map", index));
            if (mapping.Pages.Load(index) is not { } page)
            {
                continue;
            }

            Filemap.FolioGet(page);
            await filemap.FolioLock(page);
            await filemap.FolioWaitWriteback(page);
            if (page.Mapping == mapping && await kernel.PageWriteback.ClearPageDirtyForIo(page))
            {
                var error = await WritepageRecordingError(page, wbc);
                result = result == 0 ? error : result;
            }
            else
            {
                filemap.FolioUnlock(page);
            }

            filemap.FolioPut(page);
        }

        return result;
    }

    /// <summary>
    /// The write of one page, recording an error on the mapping where the era's walker does not do
    /// it itself: the filesystem's own per-page write, as ext4's ext4_writepages does not go
    /// through -&gt;writepage (which <see cref="SimpleFsOptions.NoWritepage"/> leaves NULL).
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> WritepageRecordingError(Page page, WritebackControl wbc)
    {
        var mapping = page.Mapping!;
        var error = await BlockWriteFullPage(page, wbc);
        if (error < 0 && !kernel.Era.WalkerCallsWritepage())
        {
            Filemap.MappingSetError(mapping, error);
        }

        return error;
    }
}
