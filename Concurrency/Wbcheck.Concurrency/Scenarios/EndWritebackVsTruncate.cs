using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Page lifetime at the end of writeback: background writeback writes a file's only page while
/// truncate cuts the file to nothing and a writer to another file allocates a page. Writeback
/// holds no page reference; truncate waits for PG_writeback, not for the wake-up after it. When
/// the I/O completes, truncate may find the page idle between the clear and the wake-up, remove
/// it and drop the last reference; the allocator gives the page to the other file; then the
/// completion's wake-up writes the flags of a page that is no longer its own (Hugh Dickins's
/// VM_BUG_ON(PageTail) and BUG_ON(PageWriteback), from 4.10, when the wake-up began clearing
/// PG_waiters, until end_page_writeback held a reference across it).
/// </summary>
public sealed class EndWritebackVsTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "end-writeback-vs-truncate";

    public override string Name => ScenarioName;

    public override string Description => "the end of writeback against truncate freeing the page and another file reusing it: the wake-up must not touch a freed page";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var other = kernel.Open(kernel.CreateInode(0, fs));

        setup.Runtime.Spawn("writeback", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(nrToWrite: 1, kernel.Era)));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, 0));
        setup.Runtime.Spawn("writer of another file", async () => await kernel.Filemap.GenericFileWriteIter(other, 0));
    }
}
