using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// A buffered write of one whole page: write_begin (find or create the page, locked), copy
    /// the data in (a new version), write_end (grow i_size while the page is still locked, so
    /// writeback cannot see the page past EOF, then mark it dirty and unlock).
    /// </summary>
    [Models("mm/filemap.c", "generic_perform_write", "6.9")]
    [Models("fs/libfs.c", "simple_write_end", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask GenericPerformWrite(OpenFile file, long index)
    {
        var mapping = file.Mapping;
        var inode = file.Inode;

        // Every era's write(2) holds i_sem (i_rwsem; recalled, not read here); the model takes it
        // only where fsync also did.
        var holdsSem = kernel.Era.FsyncHoldsISem();
        if (holdsSem)
        {
            await kernel.Vfs.DownISem(inode);
        }

        var page = await FilemapGetFolioForWrite(mapping, index);
        var version = page.Version = ++inode.VersionClock;
        page.ZeroFrom = Page.PageSize;
        page.Uptodate = true;
        if (index + 1 > inode.SizePages)
        {
            inode.SizePages = index + 1;
        }

        await kernel.PageWriteback.FilemapDirtyFolio(mapping, page);
        FolioUnlock(page);
        page.CommittedVersion = Math.Max(page.CommittedVersion, version);
        if (holdsSem)
        {
            kernel.Vfs.UpISem(inode);
        }
    }
}
