using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 6: a store through a shared mapping dirties a page while truncate removes it. Until
/// 3.19 the fault dirtied the page with no lock held: truncate could clean the page between
/// PG_dirty being set and its accounting, leaving NR_FILE_DIRTY off by one, which the recheck of
/// the mapping under the tree lock does not prevent.
/// </summary>
public sealed class WriteFaultVsTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "write-fault-vs-truncate";

    public override string Name => ScenarioName;

    public override string Description => "a write fault dirtying a mapped page against truncate: the mapping recheck and the accounting";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        var mapped = kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        kernel.Memory.MapPage(kernel.Memory.Mmap(inode, fs), mapped); // a read-only pte, as after a read fault

        setup.Runtime.Spawn("write fault", async () => await kernel.Memory.WpPageShared(mapped));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, 1));
    }
}
