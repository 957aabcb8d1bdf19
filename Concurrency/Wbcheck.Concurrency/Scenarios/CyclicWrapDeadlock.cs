using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 4: two processes each write and fsync a small range of a file, on a filesystem
/// whose -&gt;writepages holds a pass's pages under writeback in one I/O submitted only when the
/// pass ends (as XFS does), while the flusher runs range_cyclic writeback from page 2. When the
/// flusher's pass wraps back to page 1 it waits on a page lock behind a chain of threads each
/// waiting on writeback that another holds unsubmitted: the deadlock fixed in 4.20.
/// </summary>
public sealed class CyclicWrapDeadlock(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cyclic-wrap-deadlock";

    public override string Name => ScenarioName;

    public override string Description => "two writers with fsync, an aggregating fs, range_cyclic background writeback: wrap-around deadlock";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { AggregateWritepages = true });
        var inode = kernel.CreateInode(3, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 2, dirty: true);
        inode.Mapping.WritebackIndex = 2;
        var first = kernel.Open(inode);
        var second = kernel.Open(inode);

        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("process 1", async () =>
        {
            // In the small form process 2's write of page 1 is what puts it in this fsync.
            if (!Options.Small)
            {
                await kernel.Filemap.GenericFileWriteIter(first, 1);
            }

            await kernel.Filemap.GenericFileWriteIter(first, 2);
            await fs.Fsync(first, 0, WritebackControl.LLongMax);
        });
        setup.Runtime.Spawn("process 2", async () =>
        {
            await kernel.Filemap.GenericFileWriteIter(second, 1);
            await fs.Fsync(second, 0, WritebackControl.LLongMax);
        });
    }
}
