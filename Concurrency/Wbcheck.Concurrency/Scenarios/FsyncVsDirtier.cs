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

            await WriteAhead(kernel, writing, old, fsyncReturned, Options.Small ? 2 : null);
        });
        setup.AddLivenessMonitor(LivenessName, () => !fsyncReturned.Value);
        setup.DeclareShiftedLassos("writer", () => kernel.Vmstat.NrFileDirty, LassoProviso, () => ProportionsDecide(kernel));
    }

    /// <summary>
    /// Why the floating proportions might decide something from this state, or null when they
    /// cannot (docs/search.md, "Proportions that decide nothing"). The model reads them in
    /// balance_dirty_pages alone (bdi_dirty_limit and task_dirty_limit): 2.6.29's loop breaks
    /// whatever the disk's share is while the machine's dirty and writeback pages are under the
    /// catch-up ceiling (the midpoint of the background and dirty thresholds), and on the way out
    /// compares the share only to clear a dirty_exceeded that is set; 2.6.36 reads the share only
    /// above the ceiling. So with dirty_exceeded clear and the pages under the ceiling with a page
    /// to spare (one step dirties one page before the call reads the counts), every read of the
    /// proportions decides nothing. The ceiling is the ordinary task's (the writer is one), halved
    /// as the kernel halves it (the smaller, under the fault that does not halve it).
    /// </summary>
    private static string? ProportionsDecide(Kernel kernel)
    {
        var throttle = kernel.Throttle;
        if (!throttle.PerBdi)
        {
            return null;
        }

        if (throttle.DirtyExceeded)
        {
            return "dirty_exceeded is set: balance_dirty_pages clears it by the disk's share";
        }

        var pages = kernel.Vmstat.NrFileDirty + kernel.Vmstat.NrUnstableNfs + kernel.Vmstat.NrWriteback;
        var ceiling = (throttle.BackgroundThresholdOfEra() + throttle.DirtyThresholdOfEra().Threshold) / 2;
        return pages + 1 < ceiling ? null
            : $"{pages} dirty and writeback pages, one step from the catch-up ceiling of {ceiling}: balance_dirty_pages would compare them with the disk's share";
    }

    /// <summary>
    /// The lasso search's file: two pages, the least with a hole below the old page (the small
    /// form's). The walk must write the old page before the run can come back to a state, so a
    /// shorter file is a shorter prefix (4 pages: 38 decisions, 2: 23).
    /// </summary>
    protected override ScenarioOptions SmallerOwnParts(ScenarioOptions options) =>
        options with { Pages = Math.Min(options.Pages, LassoPages) };

    /// <summary>Pages of the file in the lasso search's configurations.</summary>
    public const int LassoPages = 2;

    /// <summary>
    /// Why a cycle of the livelock is shift-invariant (docs/search.md, "Lasso livelocks"): what
    /// the fingerprint cannot check, argued from the model's code of the walk and the writer.
    /// </summary>
    public const string LassoProviso =
        "write_cache_pages compares page indices with each other (the lookup from index, done_index) and with end = LLONG_MAX " +
        "(always below it); nr_to_write starts at LONG_MAX and is compared with 0 alone; the writer compares its index with the " +
        "old page's (the file's last), which it is past for ever; i_size is compared with the write's offset, both shifted; the per-CPU ratelimit " +
        "count and the vmstat counters are not shifted (compared as they are, and the cycle brings them back); nrpages, which " +
        "counts the pages left behind, is compared with 0 alone; the floating proportions (2.6.29, 2.6.36) are left out of the state, and each state " +
        "of the cycle is checked to be one in which they decide nothing (dirty_exceeded clear, the dirty and writeback pages under the catch-up ceiling); " +
        "balance_dirty_pages compares a few dirty and writeback pages with thresholds of dirtyable memory, which grows once the pages left behind " +
        "fill the machine (the model reclaims none): the thresholds only grow, and a test that a few pages are under them stays true";

    /// <summary>
    /// Write the file page by page from its start, skipping the old page, until fsync returns (or,
    /// in the small form, <paramref name="limit"/> pages are written). The full form counts
    /// nothing: its state is the page it writes next and no more.
    /// </summary>
    private static async Task WriteAhead(Kernel kernel, OpenFile file, long old, Cell<bool> fsyncReturned, int? limit)
    {
        var written = 0;
        for (var index = 0L; !fsyncReturned.Value && written < (limit ?? 1); index++)
        {
            if (index != old)
            {
                await kernel.Filemap.GenericFileWriteIter(file, index);
                written += limit is null ? 0 : 1;
            }
        }
    }
}
