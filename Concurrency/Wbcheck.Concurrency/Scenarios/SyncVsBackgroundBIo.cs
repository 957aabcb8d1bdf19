using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Time;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// sync(2) after background writeout left an inode on b_io (docs/flusher-loop.md, "A sync work
/// that walked only what b_io held"). Two files are dirty on a slow disk: the first takes more
/// than the walk's HZ/10 slice to write, the second is on a filesystem that cannot write it now
/// (-&gt;writepage fails with -EAGAIN, redirtying the page). Background writeout, asked for one
/// page, queues both, writes the first and goes back to its loop with the second still on b_io;
/// under its threshold then, it stops (or steps aside for sync's work). A process writes a third
/// file and calls sync(2). From 3.1 queue_io refills only an empty b_io, so sync's work first
/// walks the file it cannot write; on the 6.9 era that walk makes no progress (skipped pages are
/// none, 68f4c6eba70d) and b_more_io is empty, so the loop ended there, before it queued the
/// third file, and sync(2) returned with it dirty, until d92109891f21 (6.10) went round until it
/// had queued. On 4.17 and 4.20 the failed page is no progress either (an error ended
/// write_cache_pages before nr_to_write was counted, until 3fa750dcf29e) and sync's wake-up runs
/// after its work: the same loss. The kernel's case was another partition's inodes, put back by redirty_tail from a
/// work for one superblock; the model has one superblock and a file its filesystem declines
/// stands for them. Checked when sync(2) returns: the third file's page, dirty when sync began,
/// is on the disk. (The first file is not checked: background writeout may be writing it when
/// sync begins, and until 2.6.29 sync waited only on the inodes its passes found on the lists.)
/// Before 2.6.32 sync(2) walks on its own thread, and every walk of its refills s_io, so the
/// declined file cannot end it early; but until 2.6.29 its first pass holds the third file on
/// s_dirty, written and clean, for the WB_SYNC_ALL pass to wait on (WB_SYNC_HOLD), and background
/// writeout's walk, meeting it there, takes it off the lists: the WB_SYNC_ALL pass never waits on
/// its page, and sync(2) returns before it is on the disk, until Nick Piggin's series of January
/// 2009 made that pass wait on every inode with pages (docs/flusher-loop.md, "sync(2) before
/// 2.6.32"). The machine is the throttle scenarios' (100 pages, one CPU, no kupdate), with the
/// era's own ratios (background threshold 10 in 2.6.20 and from 2.6.36, 5 in 2.6.29, 40 in 2.5.31),
/// and its disk has written before (<see cref="DirtyThrottle.DiskHasWritten"/>): from 3.19 the
/// flusher's per-disk background test holds it to the machine's threshold, so background writeout
/// stops under it as above, where on a fresh disk (a share of 0) it would write on from the first
/// dirty page (docs/eras.md section 103). <see cref="ScenarioOptions.FreshDisk"/> boots that
/// fresh disk instead, for the engine test of the flusher's own wb_workfn starting the background
/// pass beside sync (docs/eras.md section 109); the era matrix does not use it.
/// </summary>
public sealed class SyncVsBackgroundBIo(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "sync-vs-background-b-io";

    public const string Invariant = SyncOwedPages.Invariant;

    /// <summary>Jiffies a page's write takes on the disk: past the walk's HZ/10 slice.</summary>
    private const int WritepageTicks = (Timers.Hz / 10) + 1;

    public override string Name => ScenarioName;

    public override string Description => "background writeout leaves a file it cannot write on b_io, then a write and sync(2): sync writes the file written before it";

    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 1, TotalPages = 100, MaxWritebackPages = 4 },
        Sysctls = VmSysctls.DefaultOf(config.Era, config.Faults) with { DirtyWritebackInterval = 0 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        kernel.Throttle.PageWritebackInit();

        // A disk that has written before: background writeout stops under the machine's
        // threshold, as the timeline above has it. On a fresh disk the flusher's per-disk test
        // (3.19 on) finds any dirty page over a share of 0 and writes on (docs/eras.md section 103),
        // which the fresh-disk option keeps (section 109).
        if (!Options.FreshDisk)
        {
            kernel.Throttle.DiskHasWritten();
        }
        var slow = new SimpleFsOptions { WritepageTicks = WritepageTicks };
        var fs = Options.CreateFilesystem(kernel, slow);
        var cannotWrite = new SimpleFs(kernel, slow with { FailingPages = new HashSet<long> { 0 }, FailingErrors = new Dictionary<long, int> { [0] = Errno.EAGAIN } });
        var first = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(first.Mapping, 0, dirty: true);
        var declined = kernel.CreateInode(1, cannotWrite);
        kernel.Filemap.AddCachedPage(declined.Mapping, 0, dirty: true);
        var third = kernel.CreateInode(0, fs);
        var writing = kernel.Open(third);

        setup.Runtime.Spawn("background writeout", async () => await kernel.Throttle.BackgroundWriteout(1));

        setup.Runtime.Spawn("process", async () =>
        {
            await kernel.Filemap.GenericFileWriteIter(writing, 0);
            var owed = SyncOwedPages.Owed(kernel, third);
            await kernel.Throttle.DoSync();
            SyncOwedPages.CheckWritten(kernel, owed);
        });
    }
}
