using Wbcheck.Model;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Samples.XfsLike;

/// <summary>
/// A sample filesystem shaped like XFS before iomap: -&gt;writepages gathers the pages of a pass
/// into ioends, one per run of contiguous pages, and holds each ioend unsubmitted, its pages
/// already under writeback, until the pass ends. That is the shape the range_cyclic wrap
/// deadlock needed (fixed in write_cache_pages by 64081362e8ff, 4.20): a pass that locks a
/// page below one it holds unsubmitted waits on a thread that waits on it.
/// </summary>
public sealed class XfsLikeFs(Kernel kernel) : IWritebackFilesystem
{
    /// <summary>The filesystem the checks mount: the correct one.</summary>
    public static IWritebackFilesystem Mount(Kernel kernel) => new XfsLikeFs(kernel);

    public Kernel Kernel => kernel;

    /// <summary>
    /// The bug switch: when a range_cyclic pass that started past page 0 ends with budget left,
    /// -&gt;writepages walks again from page 0 itself before submitting its ioends, as
    /// write_cache_pages did before 4.20. The race scenario cyclic-wrap-deadlock must catch it
    /// as a deadlock.
    /// </summary>
    public bool WrapInsideWritepages { get; init; }

    public bool HasWritepages => true;

    /// <summary>-&gt;writepage, for reclaim: a page in an ioend of its own, submitted at once.</summary>
    [Models("fs/xfs/xfs_aops.c", "xfs_vm_writepage", "4.18")]
    public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

    [Models("fs/xfs/xfs_aops.c", "xfs_vm_writepages", "4.18")]
    public async ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc)
    {
        var ioends = new List<Bio>();
        var startedAt = mapping.WritebackIndex;
        var result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, (page, pageWbc) => WritepageMap(page, pageWbc, ioends));
        if (WrapInsideWritepages && wbc.RangeCyclic && startedAt > 0 && result == 0 && wbc.NrToWrite > 0)
        {
            // The bug: wrap to the start of the file with the ioends of the first walk unsubmitted.
            mapping.WritebackIndex = 0;
            result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, (page, pageWbc) => WritepageMap(page, pageWbc, ioends));
        }

        // Only now does the I/O of the pass start: its pages were under writeback all along.
        foreach (var ioend in ioends)
        {
            await kernel.Device.SubmitBio(ioend);
        }

        return result;
    }

    /// <summary>
    /// Map one locked page and add it to the ioend it continues, or start a new one: put it under
    /// writeback and unlock it, leaving the I/O for the end of the pass.
    /// </summary>
    [Models("fs/xfs/xfs_aops.c", "xfs_writepage_map", "4.18")]
    [Models("fs/xfs/xfs_aops.c", "xfs_add_to_ioend", "4.18")]
    private async ValueTask<int> WritepageMap(Page page, WritebackControl wbc, List<Bio> ioends)
    {
        var inode = page.Mapping!.Host;
        if (page.Index >= inode.SizePages)
        {
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        await ((IWritebackFilesystem)this).GetBlock(inode, page.Index, create: true);
        await kernel.PageWriteback.FolioStartWriteback(page);
        var last = ioends.Count > 0 ? ioends[^1] : null;
        if (last is null || last.Inode != inode || last.Vecs[^1].Page.Index + 1 != page.Index)
        {
            last = WritebackHelpers.NewWriteBio(this, inode, wbc);
            ioends.Add(last);
        }

        last.AddPage(page);
        kernel.Filemap.FolioUnlock(page);
        return 0;
    }
}
