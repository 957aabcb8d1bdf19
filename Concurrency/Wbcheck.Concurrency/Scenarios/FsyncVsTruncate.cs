using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 2: fsync of a dirty file while truncate cuts it in half, with the I/O completions in
/// any order. No truncated page may be written, truncate must wait for writeback, and the pages
/// that stay must reach the disk.
/// </summary>
public sealed class FsyncVsTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "fsync-vs-truncate";

    public override string Name => ScenarioName;

    public override bool UsesPages => true;

    public override string Description => "fsync against truncate of half the file, completions in any order: integrity for what stays";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(Options.Pages, fs);
        for (var index = 0; index < Options.Pages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        var file = kernel.Open(inode);
        setup.Runtime.Spawn("fsync", async () => await fs.Fsync(file, 0, WritebackControl.LLongMax));
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, Options.Pages / 2));
    }
}
