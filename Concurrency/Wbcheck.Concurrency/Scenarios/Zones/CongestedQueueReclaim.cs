using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Zones;

/// <summary>
/// Reclaim on a disk whose request queue one write congests (nr_requests 1: congested from one
/// write in flight, uncongested once none is). The flusher writes file A's dirty page; a task
/// that is not writing (direct reclaim of an allocation that is not a write, the race scenarios'
/// batch of one) takes the LRU's tail, file B's dirty page; a writer appends a page to B, its
/// allocation below the min watermark reclaiming from the zone, then fsyncs B. So reclaim meets
/// dirty pages of a congested queue, each era's way: 2.6.20 to 2.6.36 the task not writing keeps
/// them (may_write_to_queue) and the writer's own reclaim writes them (current-&gt;backing_dev_info);
/// 3.19 to 4.17 a batch of them marks the zone (node) and the reclaimer naps in
/// wait_iff_congested; from 4.18 only kswapd marks, so in the 4.20 and 5.0 eras a kswapd batch
/// runs too, and in 4.20 the direct reclaimers nap on its mark in congestion_wait. 5.0's blk-mq
/// queue is never congested (RequestQueueEras.RequestQueueSetsCongested): its code reads the bit
/// and finds it clear, so nothing marks and nobody naps, and the scenario is reclaim against a
/// full queue of one tag, the matrix's only blk-mq tag wait. Not the other eras:
/// 2.5.31 had no queue congestion, 6.9 no block-layer congestion to count (the
/// <see cref="Expectations.NotApplicable"/> rows). Checked with the race scenarios' invariants: integrity of B's fsync, which
/// must return 0, no silent clean, page lifetime, truncate/reclaim safety, deadlock. One zone of
/// 7 pages, min_free_kbytes 16 (min 4, low 5, high 6), 3 cached: A's dirty page, B's dirty page
/// and a clean page C the writer's reclaim can free.
/// </summary>
public sealed class CongestedQueueReclaim(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "congested-queue-reclaim";

    public override string Name => ScenarioName;

    public override string Description => "a task not writing and a writer below the min watermark reclaim while the flusher's one write congests the queue (nr_requests 1): keep or write by may_write_to_queue, nap on the congested mark; integrity, page lifetime";

    /// <summary>
    /// The eras whose reclaim reads the queue's congestion: 2.6.20 to 5.0 (5.0's reads a bit its
    /// queue never sets; <see cref="Expectations.NotApplicable"/> says why not the others).
    /// </summary>
    public override bool AppliesTo(KernelEra era) => era.PageoutSkipsCongestedQueue() || era.CongestedCountsQueueCongestion();

    /// <summary>A watcher of the gates passed (a test's counter): added to each iteration's kernel.</summary>
    public IKernelObserver? GateObserver { get; init; }

    /// <summary>
    /// One zone at its min watermark once the three pages are cached; a queue of one request;
    /// one writeback thread for the disk (<see cref="DiskFlusher"/>).
    /// </summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { TotalPages = 7, MinFreeKbytes = 16, NrRequests = 1, PdflushThreads = 1 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        if (GateObserver is not null)
        {
            kernel.Observers.Add(GateObserver);
        }

        // The LRU's tail first: B's page, then A's, then the clean one.
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var b = kernel.CreateInode(2, fs);
        var a = kernel.CreateInode(1, fs);
        var c = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(b.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(a.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(c.Mapping, 0, dirty: false);

        DiskFlusher.Start(kernel, async () => await kernel.PageWriteback.DoWritepages(a.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("reclaimer", async () => await kernel.Vmscan.ReclaimOne(kswapd: false));

        var writing = kernel.Open(b);
        var syncing = kernel.Open(b);
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        setup.Runtime.Spawn(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            await kernel.Filemap.GenericFileWriteIter(writing, 1);
            var result = await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            if (result != 0)
            {
                throw new InvariantViolationException(IntegrityMonitor.Name, $"fsync of {syncing} returned {Errno.Name(result)}");
            }
        });

        // From 4.18 the congested mark is kswapd's alone (CongestedEras): a batch of its own.
        if (kernel.Era.ReclaimMarksCongested() && !kernel.Era.DirectReclaimFlagsReclaimDirty())
        {
            setup.Runtime.Spawn("kswapd", async () => await kernel.Vmscan.ReclaimOne(kswapd: true));
        }
    }
}
