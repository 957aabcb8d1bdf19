using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 10, what io_pages does not cover: it is one list per mapping, shared by every walk.
/// A data-integrity writeback (sync: it waits on pages under writeback) holds page 0 under
/// writeback in its unsent bio, as mpage_writepages does from 2.5.18; a write fault redirties the
/// page onto dirty_pages; the flusher, starting its own pass on the file, splices dirty_pages onto
/// the io_pages the sync is still walking. The sync meets page 0 again and waits for writeback
/// only its own unsent bio can end. Inferred from 2.5 code read in part (the flusher's splice in
/// __sync_single_inode, the sync walk's wait in mpage_writepages); a tag walk never goes back
/// behind its cursor, so later eras hold.
/// </summary>
public sealed class BioRedirtyTwoWalkers(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "bio-redirty-two-walkers";

    public override string Name => ScenarioName;

    public override string Description => "a write fault redirties a page in a sync's unsent bio while the flusher starts a pass on the same file";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, new SimpleFsOptions { AggregateWritepages = true });
        var inode = kernel.CreateInode(2, fs);
        var mapped = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        kernel.Memory.MapPage(kernel.Memory.Mmap(inode, fs), mapped); // a read-only pte, as after a read fault

        setup.Runtime.Spawn("sync", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity()));
        setup.Runtime.Spawn("write fault", async () => await kernel.Memory.WpPageShared(mapped));
        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
    }
}
