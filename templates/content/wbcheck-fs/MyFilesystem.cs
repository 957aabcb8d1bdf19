using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace MyFilesystemChecks;

/// <summary>
/// Your filesystem's writeback, as a model: replace this trivially correct one (every page in a
/// bio of its own, as block_write_full_page does) with yours. The contract's other operations
/// (get_block, end_io, dirty_folio, page_mkwrite, launder, fsync, evict) have generic versions:
/// implement those your filesystem has its own of. docs/contract.md says the rules of each.
/// </summary>
public sealed class MyFilesystem(Kernel kernel) : IWritebackFilesystem
{
    /// <summary>What the checks call to put each file of a run on your filesystem.</summary>
    public static IWritebackFilesystem Mount(Kernel kernel) => new MyFilesystem(kernel);

    public Kernel Kernel => kernel;

    public bool HasWritepages => true;

    public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
        kernel.PageWriteback.WriteCachePages(mapping, wbc, Writepage);
}
