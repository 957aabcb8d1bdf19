using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Cgroup writeback (4.2; the model's 4.13 era on): a dirtier in a small memcg (a ceiling of
/// <see cref="MemcgPages"/> pages, so its domain's thresholds are 0 and 1 page while the
/// machine's are far away) writes its file page by page through write(2), looking at dirty
/// memory after every page (its nr_dirtied_pause is 1, as dirty_poll_interval leaves it near a
/// limit); it balances against its memcg's own wb and wakes that wb's flusher, which writes the
/// memcg's inodes while the memcg is over its background threshold. Against it: a writer in the
/// root cgroup that writes a page of another file (under the machine's thresholds: it stays
/// dirty) and then fsyncs the memcg's file. Checked besides every scenario's invariants: the memcg's
/// flusher writes only the memcg's inodes and the root's flusher only the root's
/// (<see cref="WbFlusherIsolation"/>, as each inode is taken), and each wb's WB_DIRTIED and
/// WB_WRITTEN match its pages (<see cref="WbAccounting"/>, after every step). The small form
/// leaves out the fsync. Both are kept small for the matrix's proofs (stateful DFS, preemption
/// bound 2): every page the memcg's dirtier writes goes through the throttle and wakes a flusher.
/// </summary>
public sealed class CgwbDirtierVsFlusher(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cgwb-dirtier-vs-flusher";

    /// <summary>The memcg's ceiling (min(memory.max, memory.high)), in pages.</summary>
    public const long MemcgPages = 4;

    /// <summary>Pages the memcg's dirtier writes: the first wakes the memcg's flusher, the second races with it.</summary>
    public const int JobPages = 2;

    public override string Name => ScenarioName;

    public override string Description => "a dirtier in a small memcg, throttled by its own wb and cleaned by its own flusher, against a root dirtier and fsync: each wb's flusher writes its own inodes, each wb counts its own pages";

    public override bool AppliesTo(KernelEra era) => era.HasCgroupWriteback();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        kernel.Observers.Add(new WbFlusherIsolation(kernel));
        setup.AddSafetyMonitor(WbAccounting.Name, () => WbAccounting.Check(kernel));

        var memcg = new MemCgroup("job", MemcgPages);
        var fs = Options.CreateFilesystem(kernel, Model.Fs.SimpleFsOptions.Default);
        var jobInode = kernel.CreateInode(0, fs);
        memcg.Charge(jobInode.Mapping);
        var rootInode = kernel.CreateInode(0, fs);
        var job = new TaskStruct { Comm = "job dirtier", Memcg = memcg };
        var jobFile = kernel.Open(jobInode);
        runtime.Spawn(job.Comm, async () =>
        {
            kernel.Throttle.AttachTask(job);
            kernel.Throttle.DirtiedBy(job).NrDirtiedPause = 1;
            for (var index = 0L; index < JobPages; index++)
            {
                await kernel.Filemap.GenericFileWriteIter(jobFile, index);
            }
        });

        // The root's writer: a page of its own file (the root wb's inode, dirty beside the
        // memcg's), then, in the full form, fsync of the memcg's file.
        var rootFile = kernel.Open(rootInode);
        var syncing = kernel.Open(jobInode);
        var small = Options.Small;
        runtime.Spawn("root writer", async () =>
        {
            await kernel.Filemap.GenericFileWriteIter(rootFile, 0);
            if (!small)
            {
                await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            }
        });
    }
}
