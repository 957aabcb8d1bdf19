using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class SimpleFs
{
    /// <summary>
    /// Write the dirty pages after <paramref name="page"/> in the same bio, up to
    /// <see cref="SimpleFsOptions.ClusterPages"/> pages in all. Only pages it can lock without
    /// waiting (a lock held while this thread holds the bio's pages under writeback could be held
    /// by someone waiting on them), still in the file, wholly inside EOF, dirty and not under writeback;
    /// it stops at the first that is not. Each costs a page of nr_to_write, and a WB_SYNC_NONE
    /// pass takes no neighbour once the budget is spent.
    /// </summary>
    [Models("fs/xfs/linux-2.6/xfs_aops.c", "xfs_cluster_write", "2.6.29")]
    [Models("fs/xfs/linux-2.6/xfs_aops.c", "xfs_convert_page", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WriteCluster(Bio bio, Page page, WritebackControl wbc)
    {
        var mapping = bio.Inode.Mapping;
        var filemap = kernel.Filemap;
        for (var index = page.Index + 1; index < page.Index + Options.ClusterPages; index++)
        {
            if (wbc.SyncMode == WritebackSyncMode.None && wbc.NrToWrite <= 0)
            {
                return;
            }

            if (Options.FailingPages.Contains(index) || Options.PartialPages.Contains(index) || mapping.Pages.Load(index) is not { } next)
            {
                return;
            }

            Filemap.FolioGet(next);
            if (!await filemap.FolioTrylock(next))
            {
                filemap.FolioPut(next);
                return;
            }

            // i_size is read with the page locked and before the page is cleaned, in
            // xfs_convert_page's order: end_offset from i_size_read, then xfs_start_page_writeback
            // runs clear_page_dirty_for_io, whose page_mkclean can sleep. truncate_setsize
            // lowers i_size without the page lock, so it may do so in between and this write
            // then starts wholly past the new i_size; truncate waits for it (its second pass
            // locks the page and waits for writeback) and frees the blocks after. The kernel
            // allows that, and so does the model (WritePastEof checks the i_size read here).
            // A neighbour that straddles i_size ends the cluster: xfs_convert_page would write
            // its buffers up to end_offset without zeroing the tail past i_size, which with
            // one block a page sends whatever a store through a mapping left there; the model
            // leaves the straddling page to ->writepage, which zeroes it (EofTailZeroed).
            var iSize = mapping.Host.Size;
            var endIndex = iSize >> WritebackControl.PageShift;
            var insideEof = index < endIndex || kernel.Faults.ClusterIgnoresEof;
            if (!insideEof || next.Mapping != mapping || next.Writeback || !next.Dirty || !await kernel.PageWriteback.ClearPageDirtyForIo(next))
            {
                filemap.FolioUnlock(next);
                filemap.FolioPut(next);
                return;
            }

            NotifyWriteStarting(next, wbc, iSize);
            await kernel.PageWriteback.FolioStartWriteback(next);
            FsWriteback.WbcAccountCgroupOwner(wbc, next, Page.PageSize);
            bio.AddPage(next);
            filemap.FolioUnlock(next);
            filemap.FolioPut(next);
            wbc.NrToWrite--;
        }
    }
}
