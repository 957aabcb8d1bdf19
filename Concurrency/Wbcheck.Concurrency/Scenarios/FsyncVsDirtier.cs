using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 1: fsync of the whole file while a writer keeps dirtying pages ahead of it, filling
/// the holes below an old dirty page and then appending past it, as long as fsync runs. The old
/// page must reach the disk, and fsync must return. The writer's growth is what makes the
/// livelock possible: with a fixed number of pages a forward-moving walk always ends.
/// </summary>
public sealed class FsyncVsDirtier(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "fsync-vs-dirtier";

    public const string LivenessName = "fsync returns";

    public override string Name => ScenarioName;

    public override bool UsesPages => true;

    public override string Description => "fsync while a writer dirties pages ahead of it: no lost dirty data, and fsync returns";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var old = Options.Pages - 1;
        var inode = kernel.CreateInode(Options.Pages, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, old, dirty: true);
        var syncing = kernel.Open(inode);
        var writing = kernel.Open(inode);
        // Shared by the two threads: cells report their accesses (DFS's reduction).
        var fsyncStarted = new Cell<bool>("fsync started", false);
        var fsyncReturned = new Cell<bool>("fsync returned", false);
        var started = new WaitQueue("fsync to start");

        setup.Runtime.Spawn("fsync", async () =>
        {
            fsyncStarted.Value = true;
            setup.Runtime.WakeAll(started);
            await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            fsyncReturned.Value = true;
        });

        // The writer runs while fsync does: what fsync owes is the old page alone.
        setup.Runtime.Spawn("writer", async () =>
        {
            while (!fsyncStarted.Value)
            {
                await setup.Runtime.Sleep(started, new StepLabel("wait for fsync to start"));
            }

            var limit = Options.Small ? 2 : int.MaxValue;
            for (var (index, written) = (0L, 0); !fsyncReturned.Value && written < limit; index++)
            {
                if (index != old)
                {
                    await kernel.Filemap.GenericFileWriteIter(writing, index);
                    written++;
                }
            }
        });
        setup.AddLivenessMonitor(LivenessName, () => !fsyncReturned.Value);
    }
}
