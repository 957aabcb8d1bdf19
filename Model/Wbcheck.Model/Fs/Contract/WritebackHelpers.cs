using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The generic pieces a filesystem builds its writeback from, as the kernel's buffer and mpage
/// code gives them to filesystems: a write bio ending through the filesystem's bi_end_io, the
/// end of such a bio, and a whole -&gt;writepage for a filesystem with nothing of its own to do.
/// </summary>
public static class WritebackHelpers
{
    /// <summary>A write bio of <paramref name="inode"/> completing through <paramref name="fs"/>'s <see cref="IWritebackFilesystem.EndIo"/>; REQ_SYNC for an integrity pass.</summary>
    [Models("block/bio.c", "bio_alloc", "6.9")]
    public static Bio NewWriteBio(IWritebackFilesystem fs, Inode inode, WritebackControl wbc) =>
        new(inode, fs.EndIo) { Sync = wbc.SyncMode == WritebackSyncMode.All };

    /// <summary>
    /// The generic -&gt;page_mkwrite (generic_file_vm_ops' from 3.19 in the model): lock the page,
    /// give up with <see cref="VmFault.NoPage"/> if truncate took it, else mark it dirty, wait
    /// for stable pages and return it locked (<see cref="VmFault.Locked"/>).
    /// </summary>
    [Models("mm/filemap.c", "filemap_page_mkwrite", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public static async ValueTask<int> FilemapPageMkwrite(Kernel kernel, PageTable vma, Page page)
    {
        await kernel.Filemap.FolioLock(page);
        if (page.Mapping != vma.Mapping)
        {
            kernel.Filemap.FolioUnlock(page);
            return VmFault.NoPage;
        }

        await kernel.PageWriteback.FolioMarkDirty(page);
        await kernel.PageWriteback.FolioWaitStable(page);
        return VmFault.Locked;
    }

    /// <summary>
    /// End a write bio: on an error mark each page and the mapping (so fsync reports it), then
    /// end each page's writeback. Interrupt context: nothing here sleeps.
    /// </summary>
    [Models("fs/mpage.c", "mpage_write_end_io", "6.9")]
    public static void EndBioWrite(Kernel kernel, Bio bio, int status)
    {
        for (var i = 0; i < bio.Vecs.Count; i++)
        {
            var page = bio.Vecs[i].Page;
            if (status != 0)
            {
                page.Error = true;
                Filemap.MappingSetError(page.Mapping!, status);
            }

            kernel.Filemap.FolioEndWriteback(page);
        }
    }

    /// <summary>
    /// A whole -&gt;writepage: a page wholly past EOF is unlocked and left to truncate; any other
    /// is mapped (<see cref="IWritebackFilesystem.GetBlock"/> with create), put under writeback,
    /// unlocked, and written in a bio of its own.
    /// </summary>
    [Models("fs/buffer.c", "block_write_full_folio", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public static async ValueTask<int> BlockWriteFullPage(IWritebackFilesystem fs, Page page, WritebackControl wbc)
    {
        var kernel = fs.Kernel;
        var inode = page.Mapping!.Host;
        if (page.Index >= inode.SizePages)
        {
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        await fs.GetBlock(inode, page.Index, create: true);
        await kernel.PageWriteback.FolioStartWriteback(page);
        var bio = NewWriteBio(fs, inode, wbc);
        bio.AddPage(page);
        kernel.Filemap.FolioUnlock(page);
        await kernel.Device.SubmitBio(bio);
        return 0;
    }
}
