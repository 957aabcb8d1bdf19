using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.BlockPageMkwrite"/>: a -&gt;page_mkwrite of the filesystem's own,
/// in block_page_mkwrite's shape (5417169026c3, "[FS] Implement block_page_mkwrite.", David
/// Chinner, for XFS [V: the commit page]). Without the option the filesystem has the generic
/// vm_ops: no -&gt;page_mkwrite before 3.19, filemap_page_mkwrite from it.
/// </summary>
public sealed partial class SimpleFs
{
    bool IVmOperations.HasPageMkwrite => Options.BlockPageMkwrite || kernel.Era.HasFilemapPageMkwrite();

    ValueTask<int> IVmOperations.PageMkwrite(PageTable vma, Page page) =>
        Options.BlockPageMkwrite ? BlockPageMkwrite(vma, page) : WritebackHelpers.FilemapPageMkwrite(kernel, vma, page);

    /// <summary>
    /// block_page_mkwrite: lock the page; if truncate took it out of the file, or i_size now ends
    /// before it starts ("page_offset(page) &gt; size"), give up (-EINVAL before c2ec175c39f6's
    /// companion, a SIGBUS; <see cref="VmFault.NoPage"/>, a retry, from 2.6.30: the fault decides,
    /// <see cref="Memory"/>'s PageMkwriteError). Otherwise prepare and commit the page's blocks
    /// up to EOF (block_prepare_write, later __block_write_begin; block_commit_write), which
    /// dirties the buffers and so the page, under the page lock. The model's blocks are the
    /// pages' own, with no hole to allocate, so only the dirtying is left of it; a page that
    /// starts exactly at EOF commits no byte and is not dirtied. Before b827e496c893 the page is
    /// unlocked on return, and the fault dirties it again after making the pte writable, with no
    /// lock; from it, the page is returned locked (VM_FAULT_LOCKED) and the fault dirties and
    /// unlocks it [V: the diff of "mm: close page_mkwrite races (try 2)", linux-mm, 14 April
    /// 2009, whose removed lines are 2.6.29's]. From the 3.19 era it waits for stable pages too
    /// (d76ee18a8551, 3.0 [R]; wait_for_stable_page from 1d1d1a767206, 3.9).
    /// </summary>
    [Models("fs/buffer.c", "block_page_mkwrite", "2.6.29")]
    [Models("fs/buffer.c", "block_page_mkwrite (VM_FAULT_LOCKED)", "2.6.36")]
    [Models("fs/buffer.c", "block_page_mkwrite (__block_page_mkwrite, wait_for_stable_page)", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BlockPageMkwrite(PageTable vma, Page page)
    {
        var filemap = kernel.Filemap;
        await filemap.FolioLock(page);
        var size = vma.Mapping.Host.Size;
        var offset = page.Index * Page.PageSize;
        var inFile = page.Mapping == vma.Mapping && offset <= size;
        if (!inFile && !kernel.Faults.BlockPageMkwriteSkipsMappingCheck)
        {
            // "page got truncated out from underneath us"
            filemap.FolioUnlock(page);
            return VmFault.NoPage;
        }

        // block_commit_write dirties the bytes it commits: those of the page inside EOF, none of
        // a page that starts at EOF (a page the fault keeps although it left the file: all).
        if (size > offset || !inFile)
        {
            await kernel.PageWriteback.FolioMarkDirty(page);
        }

        if (kernel.Era.WaitsForStablePages())
        {
            await kernel.PageWriteback.FolioWaitStable(page);
        }

        if (kernel.Era.PageMkwriteReturnsLocked())
        {
            return VmFault.Locked;
        }

        filemap.FolioUnlock(page);
        return 0;
    }
}
