using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// fsync of a file whose -&gt;writepages cannot allocate for page 1 once (a transient -ENOMEM: the
/// page is redirtied and unlocked, unwritten), against the flusher's background writeback of the
/// same file and a buffered write to page 0. Either may meet the -ENOMEM. From 4.12
/// do_writepages retries a data-integrity call that gets it (80a2ea9f8585), so fsync returns 0
/// with both pages on disk; before, fsync returned -ENOMEM with the page still dirty. That is no
/// lost write by the model's invariants (the page stays dirty and the caller is told, so
/// integrity and no-silent-clean hold); this scenario's own check is the one the commit is about:
/// a transient -ENOMEM does not fail fsync.
/// </summary>
public sealed class FsyncEnomemRetry(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "fsync-enomem-retry";

    public const string Invariant = "a transient -ENOMEM does not fail fsync";

    public override string Name => ScenarioName;

    public override string Description => "fsync whose ->writepages meets a transient -ENOMEM, against background writeback and a write: retried, not failed, no data lost";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions
        {
            AggregateWritepages = true,
            TransientEnomem = new Dictionary<long, int> { [1] = 1 },
        });
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        var syncing = kernel.Open(inode);
        var writing = kernel.Open(inode);

        setup.Runtime.Spawn("fsync", async () =>
        {
            var result = await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            if (result != 0)
            {
                throw new InvariantViolationException(Invariant, $"fsync of {syncing} returned {Errno.Name(result)}");
            }
        });
        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("writer", async () => await kernel.Filemap.GenericFileWriteIter(writing, 0));
    }
}
