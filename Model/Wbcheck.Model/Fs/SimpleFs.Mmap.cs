using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The filesystem maps files with generic_file_mmap, so its vm_ops are generic_file_vm_ops:
/// from 3.x they have filemap_page_mkwrite (<see cref="PageTableEras.HasFilemapPageMkwrite"/>), before they had no -&gt;page_mkwrite at all.
/// </summary>
public sealed partial class SimpleFs : IVmOperations
{
    public bool HasPageMkwrite => kernel.Era.HasFilemapPageMkwrite();

    /// <summary>
    /// Lock the page, give up if truncate took it away, mark it dirty here (so that writeback
    /// during a freeze sees it and write-protects it again), wait for stable pages, and return
    /// with the page locked.
    /// </summary>
    [Models("mm/filemap.c", "filemap_page_mkwrite", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
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
}
