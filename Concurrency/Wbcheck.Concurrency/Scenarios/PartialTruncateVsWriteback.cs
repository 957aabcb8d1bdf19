using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A truncate into the middle of the last page against the flusher writing that page and a store
/// through a shared mapping past the new EOF. truncate_setsize sets i_size first, then zeroes
/// the tail of the page holding the new EOF, and only after waiting for its writeback (every era:
/// truncate_partial_page's caller in 2.6, the partial_start block from 3.11,
/// truncate_inode_partial_folio in 6.x all call wait_on_page_writeback / folio_wait_writeback
/// first). The page stays mapped (unmap_mapping_range starts at the first whole page past EOF),
/// so the store can put bytes past EOF at any time, before or after the zeroing. What keeps them
/// off the disk is the filesystem's -&gt;writepage zeroing the straddling page's tail on every
/// write with the i_size it read (EofTailZeroed); a write between truncate's i_size update and
/// its zeroing must zero the old data past the new EOF too.
/// </summary>
public sealed class PartialTruncateVsWriteback(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "partial-truncate-vs-writeback";

    /// <summary>Where the new EOF falls in page 1.</summary>
    public const int NewEofInPage = 512;

    public override string Name => ScenarioName;

    public override string Description => "truncate into the middle of the last page against writeback of it and a store past the new EOF through a mapping: zeroing the tail on every write";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        // Both pages written through the mapping since the last writeback.
        var (inode, vma) = StoredMapping.Create(kernel, 2);

        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsizeBytes(inode, Page.PageSize + NewEofInPage));
        setup.Runtime.Spawn("mmap writer", async () => await kernel.Memory.Store(vma, 1));
    }
}
