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
    /// by someone waiting on them), still in the file, inside EOF, dirty and not under writeback;
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

            // i_size is read with the page locked, as xfs_convert_page does: a truncate may have
            // lowered it while this thread waited to run.
            var pastEof = index >= mapping.Host.SizePages && !kernel.Faults.ClusterIgnoresEof;
            if (pastEof || next.Mapping != mapping || next.Writeback || !next.Dirty || !await kernel.PageWriteback.ClearPageDirtyForIo(next))
            {
                filemap.FolioUnlock(next);
                filemap.FolioPut(next);
                return;
            }

            NotifyWriteStarting(next, wbc);
            await kernel.PageWriteback.FolioStartWriteback(next);
            bio.AddPage(next);
            filemap.FolioUnlock(next);
            filemap.FolioPut(next);
            wbc.NrToWrite--;
        }
    }
}
