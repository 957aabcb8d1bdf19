using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>A file of SimpleFs mapped shared, each of its pages stored to through the mapping since the last writeback.</summary>
internal static class StoredMapping
{
    /// <summary>
    /// Create an inode of <paramref name="pages"/> cached pages, mmap it, and map each page with a
    /// dirty pte: from 2.6.19 the write fault dirtied each page too; in 2.5 only the pte knows.
    /// </summary>
    public static (Inode Inode, PageTable Vma) Create(Kernel kernel, int pages)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(pages, fs);
        var vma = kernel.Memory.Mmap(inode, fs);
        var tracked = kernel.Era.TracksSharedDirty();
        for (var index = 0; index < pages; index++)
        {
            var page = kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: tracked);
            kernel.Memory.MapPage(vma, page, stored: true);
        }

        return (inode, vma);
    }
}
