using System.Collections.Immutable;
using System.Globalization;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Stepping;
using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback.Commands;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// Runs one case on a fresh kernel of the model, on a <see cref="SteppedRuntime"/>: each
/// operation command starts a model thread and runs it as far as it says, step commands advance
/// paused operations, complete commands end I/Os in the order and with the results they say.
/// After every step the watched state invariants are checked; the watched event invariants
/// check themselves as the model raises their events. The context and consequence invariants
/// (<see cref="NoSilentClean"/>, <see cref="WritebackBudget"/>, the EOF and reclaim-reference
/// checks) are watched in every case; the budget only noted where the era's kernel is known to
/// overshoot it and the property is not the budget's (<see cref="KnownBudgetOvershoot"/>), and
/// the list era's generic_vm_writeback igrab under the page lock only noted (the era table's
/// scenario cells report it). At the end the case drains: paused
/// operations go on in turns, a step each, with I/O completing between the turns. The run
/// stops at the first failure. The model is deterministic, so a case always runs the same way.
/// </summary>
public sealed class WritebackWorld
{
    /// <summary>More steps than any operation of a 64-page file takes: one that goes on is stuck.</summary>
    private const int MaxStepsPerRun = 50_000;

    private readonly WritebackCase @case;
    private readonly WorldOptions options;
    private readonly SteppedRuntime stepped;
    private readonly List<WorldFile> files = [];
    private readonly List<WritebackIterOperations> loops = [];
    private readonly List<ModelThread> operations = [];
    private readonly HashSet<int> operationIds = [];

    /// <summary>The flush commands' threads (<see cref="FlushCommand"/>), which a run stops at their congestion_wait.</summary>
    private readonly HashSet<ModelThread> flushers = [];
    private readonly List<string> log = [];
    private readonly Dictionary<ModelThread, string> results = [];
    private readonly List<(string Name, Func<Kernel, string?> Check)> stateChecks = [];
    private readonly TowriteWatch? towrite;
    private readonly EofBlockZeroedOnDisk eofBlock = new();
    private readonly WrittenDataReadable? readable;

    /// <summary>
    /// A case with an unlink: each operation on a file holds an inode reference while it runs
    /// (its open file), so the last one to end evicts; but a writeback pass is the flusher's,
    /// which holds one only before 3.5 and only across its pass (<see cref="FsWriteback.WritebackInodeAsFlusher"/>),
    /// and a flush is the flusher's loop over every dirty inode, which holds none of the case's
    /// (<see cref="FlushCommand"/>).
    /// </summary>
    private readonly bool holdsInodes;
    private bool failingIo;
    private int command = -1;

    public WritebackWorld(WritebackCase @case, WorldOptions options)
    {
        this.@case = @case;
        this.options = options;
        stepped = new SteppedRuntime((kind, _) => kind == ChoiceKind.IoResult && failingIo ? 1 : 0);
        Kernel = new Kernel(stepped.Runtime, new KernelConfig { Era = options.Era, Faults = options.Faults, BatchSize = @case.BatchSize });
        Kernel.Device.PossibleErrors = [Errno.EIO];
        Kernel.BackingDev.StableWrites = @case.StableWrites;

        var byMapping = new Dictionary<AddressSpace, (int, Func<IReadOnlyDictionary<long, int>>)>();
        Passes = new PassRecorder(Kernel, byMapping);
        foreach (var setup in @case.Files)
        {
            var failing = setup.Failing.ToDictionary(f => (long)f.Page, f => f.Error);

            // -ENOMEM is transient: the page fails once, then memory is back (a page failing with
            // it every time would keep a 4.12+ fsync retrying forever, as the kernel would).
            var always = failing.Where(f => f.Value != Errno.ENOMEM).ToDictionary();
            var fs = options.Filesystem?.Invoke(Kernel) ?? new SimpleFs(Kernel, new SimpleFsOptions
            {
                AggregateWritepages = @case.Aggregate,
                FailingPages = always.Keys.ToHashSet(),
                FailingErrors = always,
                TransientEnomem = failing.Where(f => f.Value == Errno.ENOMEM).ToDictionary(f => f.Key, _ => 1),
                ClusterPages = @case.Fs.Cluster,
                DeclineBackgroundWriteback = @case.Fs.Decline,
                PartialPages = @case.Fs.Partial.Select(p => (long)p).ToHashSet(),
                // Only with a ->writepages: a shrunk case may have lost its aggregation or partial pages.
                NoWritepage = @case.Fs.NoWritepage && (@case.Aggregate || !@case.Fs.Partial.IsEmpty),
                JournalledWritepage = @case.Fs.Journalled,
                JournalReleasepage = @case.Fs.JournalRelease,
                BlockPageMkwrite = @case.Fs.BlockPageMkwrite,
            });
            IAddressSpaceOperations operations = new RecordingOperations(fs, Passes);

            // A filesystem with pages written in part has its own ->writepages, as one that aggregates does.
            if (!@case.Aggregate && @case.Fs.Partial.IsEmpty && options.Filesystem is null)
            {
                var loop = new WritebackIterOperations(operations, Kernel) { Loop = options.Loop };
                loops.Add(loop);
                operations = loop;
            }

            var inode = Kernel.CreateInode(setup.Pages, operations);
            for (var index = 0; index < setup.Cache.Length; index++)
            {
                if (setup.Cache[index] != FileSetup.NotCached)
                {
                    Kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: setup.Cache[index] == FileSetup.Dirty);
                }
            }

            inode.Mapping.WritebackIndex = setup.WritebackIndex;
            byMapping[inode.Mapping] = (files.Count, fs is SimpleFs simple ? simple.FailingNow : () => failing);
            files.Add(new WorldFile(inode, fs, Kernel.Open(inode)));
        }

        for (var i = 0; i < @case.UnusedInodes; i++)
        {
            // A file of f0's filesystem that was opened and closed before the case: its final
            // iput left it cached and on the inode LRU, clean and without pages.
            Kernel.CreateUnusedInode(0, files[0].Fs);
        }

        Kernel.Observers.Add(Passes);

        // Context checks hold in every case, whatever the property watches, as lockdep's would.
        Kernel.Observers.Add(new ReclaimInodeReference(Kernel, NoteVmWritebackIgrab));
        Kernel.Observers.Add(new NofsReclaimEntersNoFilesystem(Kernel));
        Kernel.Observers.Add(new WritePastEof());
        Kernel.Observers.Add(new EofTailZeroed());
        Kernel.Observers.Add(eofBlock);
        var watched = options.Watched;
        if (watched.HasFlag(Watched.Coherence))
        {
            stateChecks.Add((TagFlagCoherence.Name, TagFlagCoherence.Check));
        }

        if (watched.HasFlag(Watched.Accounting))
        {
            stateChecks.Add((Accounting.Name, Accounting.Check));
        }

        if (watched.HasFlag(Watched.Integrity))
        {
            Kernel.Observers.Add(new IntegrityMonitor(Kernel));
        }

        if (watched.HasFlag(Watched.LockOrder))
        {
            Kernel.Observers.Add(new LockOrderMonitor(stepped.Runtime));
        }

        if (watched.HasFlag(Watched.TruncateReclaim))
        {
            Kernel.Observers.Add(new TruncateMonitor());
        }

        if (watched.HasFlag(Watched.StablePages))
        {
            var stable = new StablePages(Kernel);
            Kernel.Observers.Add(stable);
            stateChecks.Add((StablePages.Name, _ => stable.Check()));
        }

        if (watched.HasFlag(Watched.Towrite))
        {
            towrite = new TowriteWatch(Kernel);
            Kernel.Observers.Add(towrite);
            Passes.WritepageCalled = towrite.Writepage;
        }

        // The consequence checks hold in every case too, as in every race scenario: data left
        // clean without a write, or background writeback past its budget, is a failure whichever
        // property's cases reach it, above all those whose filesystems cluster, decline and write
        // in part. They come after the watched ones, so a step that breaks both is reported
        // under the invariant its property states; but a silent clean is seen at the step that
        // leaves the page clean, before an invariant checked later (an fsync's, as it returns)
        // sees what it led to.
        // Where the era's kernel is known to overshoot the budget, only the budget property fails
        // on it; any other notes it and goes on to its own invariant.
        stateChecks.Add((NoSilentClean.Name, NoSilentClean.Check));
        holdsInodes = @case.Commands.Any(c => c is UnlinkCommand);
        if (options.WatchWrittenData)
        {
            readable = new WrittenDataReadable(Kernel);
            stateChecks.Add((WrittenDataReadable.Name, _ => readable.Check()));
            stateChecks.Add((EvictedMappingEmpty.Name, EvictedMappingEmpty.Check));
        }

        Kernel.Observers.Add(options.BudgetOvershootIsKernelBehaviour
            ? new KnownBudgetOvershoot(NoteOvershoot, @case.BatchSize)
            : new WritebackBudget());
    }

    public Kernel Kernel { get; }

    /// <summary>Every writeback pass of the run, as it happened.</summary>
    public PassRecorder Passes { get; }

    /// <summary>What each command did, one line each, for reports.</summary>
    public IReadOnlyList<string> Log => log;

    /// <summary>
    /// Run every command, then drain: paused operations run to their ends, and every I/O
    /// completes, unless <paramref name="completeAllIo"/> is false: then only the I/O that
    /// operations wait for, and the rest stays in flight. The first failure, or null when the
    /// case holds.
    /// </summary>
    public CaseFailure? Run(bool completeAllIo = true)
    {
        for (command = 0; command < @case.Commands.Length; command++)
        {
            if (Execute(@case.Commands[command]) is { } failure)
            {
                return failure;
            }
        }

        command = -1;
        return Drain(completeAllIo);
    }

    /// <summary>Drive the writeback passes from here on with <paramref name="loop"/>.</summary>
    public void SwitchLoop(PassLoop loop)
    {
        if (loops.Count < files.Count)
        {
            throw new InvalidOperationException("a filesystem that aggregates its own ->writepages cannot also drive writeback_iter from the harness");
        }

        foreach (var operations in loops)
        {
            operations.Loop = loop;
        }
    }

    /// <summary>
    /// After <see cref="Run"/>: one more operation, run to its end on its own, completing I/O
    /// oldest first whenever it would sleep.
    /// </summary>
    public CaseFailure? RunAlone(OperationCommand operation)
    {
        var thread = Start(operation);
        return RunToEnd(thread);
    }

    /// <summary>The kernel's state as lines: files, cached pages with flags and tags, counters.</summary>
    public ImmutableArray<string> DescribeState() => [.. KernelState.Describe(Kernel)];

    private CaseFailure? Execute(Command next)
    {
        switch (next)
        {
            case OperationCommand operation:
                {
                    var thread = Start(operation);
                    return options.Sequential ? RunToEnd(thread) : RunFor(thread, operation.Steps);
                }

            case StepCommand step:
                {
                    var runnable = operations.Where(IsRunnable).ToList();
                    if (runnable.Count == 0)
                    {
                        log.Add($"{step}: no operation can run");
                        return null;
                    }

                    var thread = runnable[step.Operation % runnable.Count];
                    return options.Sequential ? RunToEnd(thread) : RunFor(thread, step.Count);
                }

            case CompleteCommand complete:
                {
                    var pending = Completions().ToList();
                    if (pending.Count == 0)
                    {
                        log.Add($"{complete}: no I/O in flight");
                        return null;
                    }

                    failingIo = complete.Error;
                    try
                    {
                        var thread = pending[complete.Io % pending.Count];
                        var failure = StepCompletion(thread);
                        log.Add($"{complete}: {thread.Name}{(complete.Error ? " failed" : "")}");
                        return failure;
                    }
                    finally
                    {
                        failingIo = false;
                    }
                }

            default:
                throw new ArgumentException($"unknown command {next}");
        }
    }

    private ModelThread Start(OperationCommand operation)
    {
        var file = files[operation.File % files.Count];
        var mapping = file.Inode.Mapping;
        Func<Task> body = operation switch
        {
            // write(2) and truncate take the inode lock themselves, in every era.
            WriteCommand write => async () =>
            {
                if (await Kernel.Filemap.GenericFileWriteIter(file.Open, write.Page) is var version and > 0)
                {
                    readable?.Written(file.Inode, write.Page, version);
                }
            }
            ,
            UnlinkCommand => () => Unlink(file),
            FlushCommand when options.FlushBody is { } test => () => test(Kernel),
            FlushCommand flush => async () => await Kernel.Throttle.BackgroundWriteout(flush.Pages),
            MapDirtyCommand dirty => async () =>
            {
                if (mapping.Pages.Load(dirty.Page) is { } page)
                {
                    // The fault holds the reference it took on the page the pte maps, so a
                    // truncate meanwhile cannot free the page under it.
                    Filemap.FolioGet(page);
                    if (mapping.IMmap is null)
                    {
                        // mmap(MAP_SHARED): the filesystem's ->mmap gives the vma its vm_ops.
                        Kernel.Memory.Mmap(file.Inode, file.Fs);
                    }

                    await Kernel.Memory.WpPageShared(page);
                    Kernel.Filemap.FolioPut(page);
                }
            }
            ,
            MunmapCommand munmap => async () =>
            {
                if (mapping.IMmap is { } vma)
                {
                    await (munmap.Whole ? Kernel.Memory.Munmap(vma) : Kernel.Memory.ZapPteRange(vma, munmap.First, munmap.Last ?? long.MaxValue));
                }
            }
            ,
            GupDirtyCommand gup => async () =>
            {
                if (mapping.Pages.Load(gup.Page) is not null)
                {
                    var vma = mapping.IMmap ?? Kernel.Memory.Mmap(file.Inode, file.Fs);
                    if (await Kernel.Gup.GetUserPages(vma, gup.Page) is { } page)
                    {
                        await (gup.Locked ? Kernel.Gup.SetPageDirtyLock(page) : Kernel.Gup.SetPageDirty(page));
                    }
                }
            }
            ,
            // In a case with an unlink the pass is the flusher's, which holds none of the case's
            // references: its turn at the inode in writeback_sb_inodes, under the era's pin.
            WritebackCommand writeback when holdsInodes => async () =>
                Report(await Kernel.FsWriteback.WritebackInodeAsFlusher(file.Inode, writeback.Wbc.ToWbc()) ? "written by the flusher's walk" : "not met by the flusher's walk"),
            WritebackCommand writeback => async () => Report(await Kernel.PageWriteback.DoWritepages(mapping, writeback.Wbc.ToWbc())),
            // Each fsync comes through a file description of its own, opened when the command is
            // given: errseq tells each description of an error once, so two fsyncs sharing one
            // would leave the second told nothing of data lost under both.
            FsyncCommand fsync => Fsync(file, fsync, Kernel.Open(file.Inode)),
            TruncateCommand { Last: null, Setattr: true } truncate when file.Fs is SimpleFs fs => () => Setattr(file.Inode, fs, truncate.NewSize),
            TruncateCommand { Last: null } truncate => async () => await Kernel.Truncate.TruncateSetsizeBytes(file.Inode, truncate.NewSize),
            TruncateCommand punch => async () =>
            {
                readable?.Punching(file.Inode, punch.First, punch.Last!.Value);
                await Locked(file, punch.First, () => Kernel.Truncate.TruncatePagecacheRange(mapping, punch.First, punch.Last!.Value));
                readable?.Punched(file.Inode, punch.First, punch.Last!.Value);
            }
            ,
            // The filesystem's allocation inside its own transaction, with the mask the era's
            // filesystem passes under its handle, and its direct reclaim: a batch of one that
            // meets this page (the priority loop's count takes none of a handful of pages before
            // 3.0, so the page is the command's choice), then try_to_free_pages, whose rounds go
            // down to priority 0 and end each in shrink_slab, the inode cache's shrinker among
            // them. The page is looked up once the handle is held: starting it may sleep, and the
            // page go meanwhile.
            ReclaimCommand { InHandle: true } reclaim => async () =>
            {
                var result = await InTransaction(file.Fs, async gfp =>
                {
                    var met = mapping.Pages.Load(reclaim.Page) is { } page
                        ? await Kernel.Vmscan.ReclaimFolio(page, kswapd: false, gfp)
                        : (ReclaimResult?)null;
                    var freed = await Kernel.Vmscan.TryToFreePages(Kernel.PageAlloc.Zonelist(mapping), gfp);
                    return (met, freed);
                });
                Report(result.met is { } met ? $"{met}, try_to_free_pages freed {result.freed}" : $"try_to_free_pages freed {result.freed}");
            }
            ,
            ReclaimCommand reclaim => async () =>
            {
                if (mapping.Pages.Load(reclaim.Page) is { } page)
                {
                    // Through the isolation, so that its filter (ISOLATE_CLEAN) applies as it does to the model's reclaim.
                    Report(await Kernel.Vmscan.ReclaimFolio(page, kswapd: !reclaim.Direct));
                }
            }
            ,
            _ => throw new ArgumentException($"unknown operation {operation}"),
        };
        if (holdsInodes && operation is not (ReclaimCommand or WritebackCommand or FlushCommand))
        {
            body = HoldingInode(file, operation, body);
        }

        var thread = stepped.Spawn(operation.Describe(), body);
        if (operation is FlushCommand)
        {
            flushers.Add(thread);
        }

        operations.Add(thread);
        operationIds.Add(thread.Id);
        return thread;
    }

    /// <summary>
    /// In a case with an unlink, an operation on a file runs with an inode reference, as a
    /// system call on an open file does (not a writeback pass or the flusher's loop: the flusher takes its own, or none from 3.5): taken as it
    /// starts, dropped as it ends, where the last one evicts an unlinked file. Once the case has
    /// unlinked the file (its own reference gone) the operation finds nothing and does nothing;
    /// reclaim takes no inode reference and still meets the file's pages.
    /// </summary>
    private Func<Task> HoldingInode(WorldFile file, OperationCommand operation, Func<Task> body) => async () =>
    {
        if (file.Unlinked || !Kernel.Vfs.Igrab(file.Inode))
        {
            log.Add($"{operation}: f{operation.File % files.Count} is unlinked, nothing to do");
            return;
        }

        await body();
        await Kernel.Vfs.Iput(file.Inode);
    };

    /// <summary>
    /// unlink(2) and the case's last close: the shared mapping goes first (the vma holds the
    /// file), then i_nlink drops to 0 and the case's own reference with it (iput): iput_final
    /// evicts here unless a running operation still holds the file.
    /// </summary>
    private async Task Unlink(WorldFile file)
    {
        if (file.Unlinked)
        {
            return;
        }

        file.Unlinked = true;
        readable?.Dropped(file.Inode);
        if (file.Inode.Mapping.IMmap is { } vma)
        {
            await Kernel.Memory.Munmap(vma);
        }

        file.Inode.Nlink = 0;
        await Kernel.Vfs.Iput(file.Inode);
    }

    /// <summary>
    /// truncate(2) through SimpleFs's -&gt;setattr. As it returns a smaller size, the block
    /// holding the new EOF must be zeroed past it on the disk or on its way there
    /// (<see cref="EofBlockZeroedOnDisk"/>): what its block_truncate_page is for.
    /// </summary>
    private async Task Setattr(Inode inode, SimpleFs fs, long newSize)
    {
        var clock = inode.VersionClock;
        if (newSize < await fs.SetattrSize(inode, newSize))
        {
            eofBlock.Check(inode, clock);
        }
    }

    /// <summary>
    /// <paramref name="allocate"/> inside a transaction of <paramref name="fs"/> (SimpleFs's,
    /// its handle held); a filesystem of the user's, which has no journal the harness can hold,
    /// allocates with GFP_NOFS.
    /// </summary>
    private static async ValueTask<T> InTransaction<T>(IWritebackFilesystem fs, Func<Gfp, ValueTask<T>> allocate) =>
        fs is SimpleFs simple ? await simple.AllocateInTransaction(allocate) : await allocate(Gfp.NoFs);

    private Func<Task> Fsync(WorldFile file, FsyncCommand fsync, OpenFile open) =>
        async () => Report(await file.Fs.Fsync(open, fsync.RangeStart, fsync.RangeEnd));

    /// <summary>
    /// Hole punching as a filesystem's fallocate does it, holding the inode lock across
    /// truncate_pagecache_range, which keeps a write from putting a page back into the range, and
    /// the era's lock against faults reading pages in (ext4's i_mmap_sem from 4.5 for a filesystem
    /// of that kind, the invalidate_lock from 5.15), as SimpleFs.PunchHole takes them: without it a
    /// store's fault may read a page of the range back in while the punch waits on another page's
    /// writeback, which the kernel allowed where the era has no such lock (ea3d7209ca01;
    /// TruncateMonitor, docs/eras.md section 129). The properties' punch frees no blocks; the
    /// punch-vs-fault and punch-vs-store-fault rows race the whole punch. A filesystem of the
    /// user's holds the inode lock only.
    /// </summary>
    private async Task Locked(WorldFile file, long first, Func<ValueTask> operation)
    {
        if (file.Fs is not SimpleFs fs)
        {
            await Kernel.Vfs.InodeLock(file.Inode);
            await operation();
            Kernel.Vfs.InodeUnlock(file.Inode);
            return;
        }

        var punchLock = await fs.PunchLockDown(file.Inode, first);
        await operation();
        fs.PunchUnlock(file.Inode, punchLock);
    }

    /// <summary>The era's known budget overshoot, in the log where it was seen and for the check's report (<see cref="CaseNotes"/>): not this property's failure.</summary>
    private void NoteOvershoot(string overshoot)
    {
        var noted = $"{WritebackBudget.Name}: {overshoot} (the era's kernel behaviour, as the budget property's catalog row records)";
        log.Add($"{Numbered()}: noted, not failed: {noted}");
        CaseNotes.Note(noted);
    }

    /// <summary>
    /// The list era's generic_vm_writeback igrab under the page lock, in the log where it was
    /// seen and for the check's report (<see cref="CaseNotes"/>): the era's known bug (the race
    /// scenarios' cells report it), not this property's.
    /// </summary>
    private void NoteVmWritebackIgrab(string igrab)
    {
        var noted = $"{ReclaimInodeReference.Name}: {igrab} (2.5.31's generic_vm_writeback; the era table's scenario cells report it, fixed by \"Remove mapping->vm_writeback\", 2.5.49)";
        log.Add($"{Numbered()}: noted, not failed: {noted}");
        CaseNotes.Note(noted);
    }

    /// <summary>Keep what the current operation returned, for the line that says it ended.</summary>
    private void Report(object result) =>
        results[stepped.Runtime.Current] = result is int error ? Errno.Name(error) : result.ToString() ?? "";

    /// <summary>
    /// Run <paramref name="thread"/> for <paramref name="count"/> steps, or until it sleeps or ends
    /// when null. A flush that reaches congestion_wait stops there as at a sleep: the pdflush
    /// loop's wait of HZ/10 after a pass that met a busy inode (2.6.29's more_io), in which the
    /// kernel's other threads run. The model's congestion_wait advances the timers, but the loop
    /// goes on while min_pages &gt; 0 and more_io stays set, and only the inode's writer, a paused
    /// operation, clears it: the run would go round until the step bound. (Keyed on the
    /// function's name, not on PointKind.Wait: <see cref="SteppedRuntime.NextPointOf"/> gives the
    /// label only, and the point's kind would take a new member of the engine's runtime.)
    /// </summary>
    private CaseFailure? RunFor(ModelThread thread, int? count)
    {
        var steps = 0;
        while (IsRunnable(thread) && (count is null || steps < count))
        {
            if (count is null && steps > 0 && flushers.Contains(thread) && stepped.NextPointOf(thread).Function == "congestion_wait")
            {
                break;
            }

            if (StepAndCheck(thread) is { } failure)
            {
                return failure;
            }

            if (++steps > MaxStepsPerRun)
            {
                return Fail("termination", $"{thread} still runs after {MaxStepsPerRun} steps", thread);
            }
        }

        log.Add(string.Create(CultureInfo.InvariantCulture, $"{Numbered()}: {thread} ran {steps} step(s), {Where(thread)}"));
        return null;
    }

    /// <summary>Run <paramref name="thread"/> to its end, completing I/O oldest first whenever it sleeps.</summary>
    private CaseFailure? RunToEnd(ModelThread thread)
    {
        var steps = 0;
        while (stepped.StatusOf(thread) is SteppedThreadStatus.Runnable or SteppedThreadStatus.Sleeping)
        {
            var next = IsRunnable(thread) ? thread : Completions().FirstOrDefault();
            if (next is null)
            {
                return Deadlock(thread);
            }

            if (StepAndCheck(next) is { } failure)
            {
                return failure;
            }

            if (++steps > MaxStepsPerRun)
            {
                return Fail("termination", $"{thread} still runs after {MaxStepsPerRun} steps", thread);
            }
        }

        log.Add(string.Create(CultureInfo.InvariantCulture, $"{Numbered()}: {thread} ran {steps} step(s), {Ended(thread)}"));
        return null;
    }

    /// <summary>
    /// The operations still paused go on in turns, one step each, oldest first, and after each
    /// round the oldest I/O in flight completes (when <paramref name="completeAllIo"/> is false,
    /// only while an operation sleeps), until every operation has ended: a fine interleaving of
    /// whatever the commands left running, which finds races that whole runs would step over.
    /// An operation that takes more than <see cref="MaxStepsPerRun"/> steps here fails the case
    /// on termination, as a run of a command does: a loop that never ends (a flush going round
    /// congestion_wait, which a command's run stops at) fails instead of hanging the run.
    /// </summary>
    private CaseFailure? Drain(bool completeAllIo)
    {
        var steps = new Dictionary<ModelThread, int>();
        while (true)
        {
            foreach (var operation in operations.Where(IsRunnable).ToList())
            {
                if (!IsRunnable(operation))
                {
                    continue;
                }

                if (StepAndCheck(operation) is { } failure)
                {
                    return failure;
                }

                steps[operation] = steps.GetValueOrDefault(operation) + 1;
                if (steps[operation] > MaxStepsPerRun)
                {
                    return Fail("termination", $"{operation} still runs after {MaxStepsPerRun} steps", operation);
                }

                if (!IsRunnable(operation) && stepped.StatusOf(operation) != SteppedThreadStatus.Sleeping)
                {
                    log.Add($"drain: {operation} {Ended(operation)}");
                }
            }

            var waiting = operations.Any(t => stepped.StatusOf(t) == SteppedThreadStatus.Sleeping);
            if ((completeAllIo || waiting) && Completions().FirstOrDefault() is { } completion)
            {
                if (StepCompletion(completion) is { } failure)
                {
                    return failure;
                }

                continue;
            }

            if (!operations.Any(IsRunnable))
            {
                return waiting ? Deadlock(operations.First(t => stepped.StatusOf(t) == SteppedThreadStatus.Sleeping)) : null;
            }
        }
    }

    /// <summary>
    /// An I/O completion's next step; unless <see cref="WorldOptions.SplitCompletions"/>, every
    /// step to its end: the interrupt handler runs whole, and nothing comes between PG_writeback
    /// clearing and the wake-up after it.
    /// </summary>
    private CaseFailure? StepCompletion(ModelThread completion)
    {
        while (true)
        {
            if (StepAndCheck(completion) is { } failure)
            {
                return failure;
            }

            if (options.SplitCompletions || !IsRunnable(completion))
            {
                return null;
            }
        }
    }

    private CaseFailure? StepAndCheck(ModelThread thread)
    {
        var from = stepped.NextPointOf(thread);
        if (stepped.Step(thread) == SteppedThreadStatus.Failed)
        {
            var error = stepped.FailureOf(thread)!;
            var (invariant, message) = error switch
            {
                InvariantViolationException violation => (violation.Invariant, violation.Message),
                KernelBugException bug => ("kernel BUG", $"kernel BUG in {bug.Message}"),
                SleepingWhileAtomicException atomic => ("sleeping while atomic", atomic.Message),
                _ => ("model error", $"{error.GetType().Name}: {error.Message}"),
            };
            return Fail(invariant, message, thread, from);
        }

        foreach (var (name, check) in stateChecks)
        {
            if (check(Kernel) is { } broken)
            {
                return Fail(name, $"{name}: {broken}", thread, from);
            }
        }

        if (towrite?.AfterStep(thread) is { } untagged)
        {
            return Fail(TowriteWatch.Name, untagged, thread, from);
        }

        return null;
    }

    private CaseFailure Deadlock(ModelThread sleeper)
    {
        var sleepers = stepped.DescribeSleepers();
        return Fail("deadlock", $"deadlock: {string.Join("; ", sleepers)}", sleeper);
    }

    private CaseFailure Fail(string invariant, string message, ModelThread thread, StepLabel? from = null)
    {
        var where = string.Create(CultureInfo.InvariantCulture,
            $"{(command >= 0 ? $"command {command + 1} ({@case.Commands[command]})" : "draining after the last command")}, {thread}{(from is { } label ? $" in its step from {label}" : "")}");
        var faults = string.Join("+", options.Faults.Active());
        return new CaseFailure(
            invariant,
            $"{message} [era {options.Era.Info().Version}{(faults.Length > 0 ? $", faults {faults}" : "")}]",
            where,
            [.. log],
            DescribeState());
    }

    private string Numbered() => command >= 0 ? (command + 1).ToString(CultureInfo.InvariantCulture) : "drain";

    private string Where(ModelThread thread) => stepped.StatusOf(thread) switch
    {
        SteppedThreadStatus.Runnable => $"paused before {stepped.NextPointOf(thread)}",
        SteppedThreadStatus.Sleeping => $"asleep in {stepped.NextPointOf(thread)}",
        _ => Ended(thread),
    };

    private string Ended(ModelThread thread) => results.TryGetValue(thread, out var result) ? $"ended, returning {result}" : "ended";

    private bool IsRunnable(ModelThread thread) => stepped.StatusOf(thread) == SteppedThreadStatus.Runnable;

    /// <summary>I/O completions waiting to run, oldest first: every thread the model spawned itself.</summary>
    private IEnumerable<ModelThread> Completions()
    {
        for (var id = 0; id < stepped.ThreadCount; id++)
        {
            var thread = stepped.Thread(id);
            if (!operationIds.Contains(id) && IsRunnable(thread))
            {
                yield return thread;
            }
        }
    }

    private sealed record WorldFile(Inode Inode, IWritebackFilesystem Fs, OpenFile Open)
    {
        /// <summary>The case unlinked the file and dropped its reference.</summary>
        public bool Unlinked { get; set; }
    }
}
