using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 9, the one the mpage_writepages manual page describes: the filesystem keeps each page
/// of the pass locked in a bio it has not yet sent, as 2.5's first multipage bio writeback did.
/// Such a page can be moved back onto dirty_pages at any time (a write fault dirties it without
/// the page lock). A walk of dirty_pages itself then comes back to the page and tries to lock it
/// again: the walker waits on a lock it holds. And a writer dirtying pages faster than they are
/// written keeps such a walk going for ever. The kernel's answer is io_pages: its caller moves
/// dirty_pages there first and the walk takes only io_pages. Without io_pages (the fault
/// <see cref="Faults.WalkDirtyPagesWithoutIoPages"/>) the scenario applies only to the list era;
/// with them the redirty race runs on every era, the fast dirtier on the list era.
/// </summary>
public sealed class BioRedirty(ScenarioOptions options, bool ioPages, bool fastDirtier) : RaceScenario(options)
{
    public const string RedirtyName = "bio-redirty";
    public const string RedirtyNoIoPagesName = "bio-redirty-no-io-pages";
    public const string FastDirtierName = "bio-fast-dirtier";
    public const string FastDirtierNoIoPagesName = "bio-fast-dirtier-no-io-pages";

    public const string LivenessName = "the writeback pass returns";

    public override string Name => (ioPages, fastDirtier) switch
    {
        (true, false) => RedirtyName,
        (false, false) => RedirtyNoIoPagesName,
        (true, true) => FastDirtierName,
        (false, true) => FastDirtierNoIoPagesName,
    };

    public override string Description => (fastDirtier
            ? "data-integrity writeback while a writer appends pages faster than they are written"
            : "a write fault redirties a page waiting, locked, in the flusher's unsent bio") +
        (ioPages ? ", the walk taking only io_pages" : ", the walk taking dirty_pages itself (no io_pages)");

    /// <summary>
    /// Taking io_pages away needs an era that has them; the fast dirtier is the list walk's race
    /// (the tag walks meet theirs in fsync-vs-dirtier).
    /// </summary>
    public override bool AppliesTo(KernelEra era) => era.HasPageLists() || (ioPages && !fastDirtier);

    protected override Faults KernelFaults => ioPages ? Options.Faults : Options.Faults with { WalkDirtyPagesWithoutIoPages = true };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, new SimpleFsOptions { AggregateWritepages = true, KeepPagesLockedInBio = true });
        if (fastDirtier)
        {
            BuildFastDirtier(kernel, setup, fs);
            return;
        }

        var inode = kernel.CreateInode(2, fs);
        var mapped = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        kernel.Memory.MapPage(kernel.Memory.Mmap(inode, fs), mapped); // a read-only pte, as after a read fault

        setup.Runtime.Spawn("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("write fault", async () => await kernel.Memory.WpPageShared(mapped));
    }

    /// <summary>
    /// A data-integrity writeback of the file with no page limit (filemap_fdatawrite as of 2.5.31
    /// passed none; 2.6.0's nrpages*2 would end the walk) while a writer appends pages, one
    /// write(2) at a time, as long as the writeback runs.
    /// </summary>
    private void BuildFastDirtier(Kernel kernel, ProgramSetup setup, SimpleFs fs)
    {
        var inode = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var writing = kernel.Open(inode);
        // Shared by the threads: a cell reports its accesses (DFS's reduction).
        var returned = new Cell<bool>("returned", false);

        setup.Runtime.Spawn("sync", async () =>
        {
            await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity());
            returned.Value = true;
        });
        setup.Runtime.Spawn("writer", async () => await AppendPages(kernel, writing, returned, Options.Small ? 2 : null));
        setup.AddLivenessMonitor(LivenessName, () => !returned.Value);
        setup.DeclareShiftedLassos("writer", () => kernel.Vmstat.NrFileDirty, LassoProviso);
    }

    /// <summary>
    /// Why a cycle of the fast dirtier's livelock is shift-invariant (docs/search.md, "Lasso
    /// livelocks"): what the fingerprint cannot check, argued from the model's code.
    /// </summary>
    public const string LassoProviso =
        "mpage_writepages of the list era takes pages off dirty_pages in list order and compares no page index (lists, not ranges); " +
        "nr_to_write starts at LONG_MAX and is compared with 0 alone; the writer's index is compared with nothing in the full form; " +
        "i_size is compared with the write's offset, both shifted; the ratelimit count and the vmstat counters are not shifted (the " +
        "cycle brings them back); the clean pages left behind are reached only through clean_pages, which no step of the cycle walks " +
        "(the lists are reported as one object, so this part is argued, not checked)";

    /// <summary>
    /// Append pages from index 1, one write(2) each, until the writeback returns (or, in the small
    /// form, <paramref name="limit"/> pages are written): the full form compares its index with nothing.
    /// </summary>
    private static async Task AppendPages(Kernel kernel, OpenFile file, Cell<bool> returned, int? limit)
    {
        for (var index = 1L; !returned.Value && (limit is null || index <= limit); index++)
        {
            await kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }
}
