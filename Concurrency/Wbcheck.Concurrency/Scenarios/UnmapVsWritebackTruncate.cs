using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// munmap of a shared mapping whose ptes are dirty, against the flusher and a truncate of the
/// second page. zap_pte_range moves each dirty pte into PG_dirty with no page lock, while
/// writeback cleans the page and truncate removes one: the pte lock that zap_pte_range holds
/// across set_page_dirty, and that truncate's unmap_mapping_range takes before removing a page,
/// keeps the dirtying out of truncate's way; the page that stays must still be owed to the disk
/// (no silent clean), and the counters and tags must agree.
/// </summary>
public sealed class UnmapVsWritebackTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "unmap-vs-writeback-truncate";

    public override string Name => ScenarioName;

    public override string Description => "munmap of dirty ptes against writeback and truncate: zap_pte_range's dirtying, the pte lock, accounting and no silent clean";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        // Both pages written through the mapping since the last writeback.
        var (inode, vma) = StoredMapping.Create(kernel, 2);

        setup.Runtime.Spawn("munmap", async () => await kernel.Memory.Munmap(vma));
        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, 1));
    }
}
