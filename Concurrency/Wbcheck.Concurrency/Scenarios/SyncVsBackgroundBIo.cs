using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
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
/// sync begins, and the model's sync before 2.6.32, on the caller's thread, waits only on the
/// inodes it walks, a loss of its own; docs/flusher-loop.md.) The machine is the throttle
/// scenarios' (100 pages, one CPU, background threshold 10, no kupdate).
/// </summary>
public sealed class SyncVsBackgroundBIo(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "sync-vs-background-b-io";

    public const string Invariant = "sync(2) writes what was dirty when it began";

    /// <summary>Jiffies a page's write takes on the disk: past the walk's HZ/10 slice.</summary>
    private const int WritepageTicks = (Timers.Hz / 10) + 1;

    public override string Name => ScenarioName;

    public override string Description => "background writeout leaves a file it cannot write on b_io, then a write and sync(2): sync writes the file written before it";

    /// <summary>sync(2)'s passes are works of the flusher from 2.6.32 (the model's 2.6.36 era); before, sync walks on its own thread.</summary>
    public override bool AppliesTo(KernelEra era) => era.SyncQueuesFlusherWork();

    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 1, TotalPages = 100, MaxWritebackPages = 4 },
        Sysctls = VmSysctls.Default with { DirtyWritebackInterval = 0 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        kernel.Throttle.PageWritebackInit();
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
            var owed = Owed(kernel, third);
            await kernel.Throttle.DoSync();
            foreach (var (inode, index, version) in owed)
            {
                var stable = kernel.Device.StableVersion(inode, index);
                if (stable < version)
                {
                    throw new InvariantViolationException(Invariant,
                        $"sync(2) returned, but page {index} of {inode} was at version {version} when it began and the disk holds version {stable}");
                }
            }
        });
    }

    /// <summary>The pages of <paramref name="inode"/> whose data is not on the disk yet, with their version.</summary>
    private static List<(Inode Inode, long Index, long Version)> Owed(Kernel kernel, Inode inode)
    {
        var owed = new List<(Inode, long, long)>();
        for (var index = 0L; index < inode.SizePages; index++)
        {
            if (inode.Mapping.Pages.Load(index) is { } page && page.CommittedVersion > kernel.Device.StableVersion(inode, index))
            {
                owed.Add((inode, index, page.CommittedVersion));
            }
        }

        return owed;
    }
}
