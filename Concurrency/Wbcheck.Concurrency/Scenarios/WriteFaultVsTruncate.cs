using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 6: a store through a shared mapping dirties a page while truncate removes it. Until
/// 3.19 the fault dirtied the page with no lock held: truncate could clean the page between
/// PG_dirty being set and its accounting, leaving NR_FILE_DIRTY off by one, which the recheck of
/// the mapping under the tree lock does not prevent. With <paramref name="blockPageMkwrite"/>
/// (block-page-mkwrite-vs-truncate) the filesystem has its own -&gt;page_mkwrite
/// (<see cref="SimpleFsOptions.BlockPageMkwrite"/>), which dirties the page under its lock;
/// before b827e496c893 (2.6.30) it returned the page unlocked and do_wp_page dirtied it again
/// after the pte with no lock, as without one; from it the page stays locked until the fault has
/// dirtied it: for such a filesystem, 3.19's fix of the generic path came five releases early.
/// </summary>
public sealed class WriteFaultVsTruncate(ScenarioOptions options, bool blockPageMkwrite = false) : RaceScenario(options)
{
    public const string ScenarioName = "write-fault-vs-truncate";

    public const string BlockPageMkwriteName = "block-page-mkwrite-vs-truncate";

    public override string Name => blockPageMkwrite ? BlockPageMkwriteName : ScenarioName;

    public override string Description => blockPageMkwrite
        ? "a write fault through a filesystem's own page_mkwrite (block_page_mkwrite) against truncate: whether the page stays locked until it is dirtied"
        : "a write fault dirtying a mapped page against truncate: the mapping recheck and the accounting";

    /// <summary>A filesystem's own -&gt;page_mkwrite: 2.5.31 has none.</summary>
    public override bool AppliesTo(KernelEra era) => Needs?.ExistsIn(era) ?? true;

    public override EraSetting? Needs => blockPageMkwrite ? EraSettings.PageMkwrite : null;

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { BlockPageMkwrite = blockPageMkwrite });
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        var mapped = kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        kernel.Memory.MapPage(kernel.Memory.Mmap(inode, fs), mapped); // a read-only pte, as after a read fault

        setup.Runtime.Spawn("write fault", async () => await kernel.Memory.WpPageShared(mapped));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, 1));
    }
}
