using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace MyFilesystemChecks;

/// <summary>The template's filesystem with a deliberately broken -&gt;writepages (docs/getting-started.md).</summary>
public sealed class MyFilesystem(Kernel kernel) : IWritebackFilesystem
{
    public static IWritebackFilesystem Mount(Kernel kernel) => new MyFilesystem(kernel);

    public Kernel Kernel => kernel;

    public bool HasWritepages => true;

    public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
        kernel.PageWriteback.WriteCachePages(mapping, wbc, (page, pageWbc) =>
        {
            // BROKEN on purpose: a page at an odd index is unlocked and reported written, but
            // write_cache_pages has cleared its dirty bit and no I/O ever carries its data.
            if (page.Index % 2 == 1)
            {
                kernel.Filemap.FolioUnlock(page);
                return ValueTask.FromResult(0);
            }

            return Writepage(page, pageWbc);
        });
}
