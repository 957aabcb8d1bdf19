using System.Reflection;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// A step that changes a subsystem's own state must report writing the subsystem's id. The
/// subsystems below keep their state in private fields no property reads (the LRU list, the
/// OOM killer's victims, the pdflush pool, fs-writeback's lists, the timers, the allocator's
/// counts), and each reports one coarse id for all of it, written inside the methods that change
/// it; <see cref="ChangedFieldsWrittenTests"/> matches only properties' fields, and over a whole
/// operation, where the same id's other writes mask a missing one. Here each step (from one
/// scheduling point to the next, <see cref="StepFootprintRuntime"/>) of the same small
/// operations, in every era, is checked on its own: every field of these subsystems it changed
/// is covered by a write of the subsystem's id in that step.
/// </summary>
public sealed class StepCoarseFootprintTests
{
    public static TheoryData<KernelEra, string> Cases()
    {
        var cases = new TheoryData<KernelEra, string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            foreach (var operation in new[] { "write", "append", "dirty", "writepages", "truncate", "store", "reclaim", "directreclaim", "oom", "charge", "memcgreclaim" })
            {
                // The memory controller's limit is from 2.6.25: the model's 2.6.29 era on.
                if (!(operation is "charge" or "memcgreclaim" && era.Before(KernelEra.V2_6_29)))
                {
                    cases.Add(era, operation);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_step_that_changes_a_subsystems_state_writes_its_id(KernelEra era, string operation)
    {
        var (missing, _) = Check(era, operation);

        Assert.True(missing.Count == 0, string.Join("\n", missing.Distinct()));
    }

    /// <summary>The check reaches each subsystem it is about: an empty check cannot pass for a full one.</summary>
    [Fact]
    public void The_check_reaches_every_subsystem_it_is_about()
    {
        var reached = new HashSet<string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            foreach (var operation in new[] { "append", "writepages", "reclaim", "directreclaim", "oom", "charge", "memcgreclaim" })
            {
                if (!(operation is "charge" or "memcgreclaim" && era.Before(KernelEra.V2_6_29)))
                {
                    reached.UnionWith(Check(era, operation).Checked);
                }
            }
        }

        var expected = new HashSet<string> { "Vmscan.lru", "Vmscan.nrSavedScan", "PageAlloc.pagesScanned", "OomKill.victims", "Pdflush.busy", "FsWriteback.startAll", "Timers.armed", "MemCgroup.failcnt", "MemCgroup.stocked", "MemcgStockPcp.nrPages", "Vmscan.memcgSavedScan" };
        Assert.True(reached.IsSupersetOf(expected), $"not reached: {string.Join(", ", expected.Except(reached))}; reached: {string.Join(", ", reached.Order())}");
    }

    /// <summary>
    /// A file of three clean pages, page 0 dirtied, open and mapped shared; the operation run step
    /// by step; the fields checked (Class.field) and those a step changed without its id's write.
    /// </summary>
    private static (List<string> Missing, HashSet<string> Checked) Check(KernelEra era, string operation)
    {
        var runtime = new StepFootprintRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(3, fs);
        for (var index = 0; index < 3; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: index == 0);
        }

        // The memcg operations charge the file's new pages: room for the era's batch, or full.
        Mm.Memcg.MemCgroup? memcg = null;
        if (operation is "charge" or "memcgreclaim")
        {
            memcg = new Mm.Memcg.MemCgroup("job", operation == "charge" ? 100 : 3) { HardLimit = true, OnDefaultHierarchy = false };
            memcg.Charge(inode.Mapping);
        }

        var file = kernel.Open(inode);
        var vma = kernel.Memory.Mmap(inode, fs);
        _ = kernel.PageAlloc.Oom; // made when first used: made before, so that its fields are in the first snapshot
        IReadOnlyList<object> Graph() => ModelObjectGraph.From(kernel, fs, file, vma, memcg);
        var missing = new List<string>();
        var checkedNames = new HashSet<string>();
        runtime.StepEnded = (label, entries, changed) =>
        {
            var written = entries.Where(entry => (entry & 1) == 1).Select(entry => entry >> 1).ToHashSet();
            foreach (var (owner, field) in changed)
            {
                if (CoarseId(owner, field) is { } id)
                {
                    checkedNames.Add($"{owner.GetType().Name}.{field.Name}");
                    if (!written.Contains(id))
                    {
                        missing.Add($"{owner.GetType().Name}.{field.Name} changed in the step ending at {label} without a write of its id");
                    }
                }
            }
        };

        runtime.Run("test", () => Run(kernel, inode, file, vma, operation), Graph);
        return (missing, checkedNames);
    }

    /// <summary>The coarse id a subsystem's private field is reported under, or null for an object the census tests cover.</summary>
    private static ulong? CoarseId(object owner, FieldInfo field) => owner switch
    {
        // PF_MEMALLOC is current->flags: each task reads and writes only its own entry.
        Vmscan when field.Name == "reclaiming" => null,
        Vmscan when field.Name == "lru" => AccessIds.Of(AccessIds.Subsystem.Lru),
        Vmscan => AccessIds.Of(AccessIds.Subsystem.Vmscan),
        // The OOM killer's victims (and each victim's MMF_OOM_SKIP) are the allocator's state.
        OomKill => AccessIds.Of(AccessIds.Subsystem.PageAlloc),
        _ when owner.GetType().DeclaringType == typeof(OomKill) => AccessIds.Of(AccessIds.Subsystem.PageAlloc),
        Kernel => AccessIds.Of(AccessIds.Subsystem.Inodes),
        // A thread's task is made the first time it is asked for (ForkTask, copy_process), by that
        // thread alone: two threads doing so commute (DirtyThrottle.ForkTask says why it reports a read).
        Mm.Throttle.DirtyThrottle when field.Name == "tasks" => null,
        // The throttle's own fields named ...Field have ids of their own (FieldFootprintCensusTests); the rest is the throttle's one id.
        Mm.Throttle.DirtyThrottle when !field.Name.EndsWith("Field", StringComparison.Ordinal) => AccessIds.Of(AccessIds.Subsystem.Throttle),
        Mm.Throttle.PropLocal or Mm.Throttle.PropDescriptor => AccessIds.Of(AccessIds.Subsystem.Throttle),
        PageAlloc => AccessIds.Of(AccessIds.Subsystem.PageAlloc),
        Pdflush => AccessIds.Of(AccessIds.Subsystem.Pdflush),
        // The work list and its flags (WB_start_all, the thread's wake) are the flusher's, under its wait queue's id.
        FsWriteback when field.Name is "workList" or "startAll" or "flusherThreadWoken" => FlusherId((FsWriteback)owner),
        FsWriteback => AccessIds.Of(AccessIds.Subsystem.FsWriteback),
        Time.Timers => AccessIds.Of(AccessIds.Subsystem.Timers),
        // A memcg's counter, limits and lists, the per-cpu charge stock and a cgwb's counts are the throttle's state.
        Mm.Memcg.MemCgroup or Mm.Memcg.MemcgStockPcp or Mm.Memcg.CgroupWb => AccessIds.Of(AccessIds.Subsystem.Throttle),
        // The filesystem's own state (its metadata inode and blocks, the pages half written, the
        // allocation failures to come); its journal is a wait queue with an id of its own, endIo the bio end callback made once and kept.
        SimpleFs when field.Name is not ("journal" or "endIo") => AccessIds.Of(AccessIds.Subsystem.Filesystem),
        _ => null,
    };

    private static ulong FlusherId(FsWriteback owner) =>
        ((WaitQueue)typeof(FsWriteback).GetField("flusher", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(owner)!).AccessId;

    private static async Task Run(Kernel kernel, Inode inode, OpenFile file, PageTable vma, string operation)
    {
        switch (operation)
        {
            case "write":
                await kernel.Filemap.GenericPerformWrite(file, 1);
                break;
            case "append":
                await kernel.Filemap.GenericPerformWrite(file, 3);
                break;
            case "writepages":
                await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity());
                break;
            case "dirty":
                await kernel.PageWriteback.FolioMarkDirty(inode.Mapping.Pages.Load(1)!);
                break;
            case "truncate":
                await kernel.Truncate.TruncateSetsize(inode, 1);
                break;
            case "store":
                await kernel.Memory.Store(vma, 2);
                break;
            case "charge":
                // A batch charged and the rest stocked, then a page of the stock.
                await kernel.Filemap.GenericPerformWrite(file, 3);
                await kernel.Filemap.GenericPerformWrite(file, 4);
                break;
            case "memcgreclaim":
                // The memcg is full: its charge reclaims (GFP_NOIO: the clean pages only).
                _ = await kernel.Filemap.FilemapGetFolioForWrite(inode.Mapping, 3, Mm.Memcg.Gfp.NoIo);
                break;
            case "directreclaim":
                await kernel.Vmscan.TryToFreePages(kernel.PageAlloc.Zones, Mm.Memcg.Gfp.Kernel);
                break;
            case "oom":
                kernel.PageAlloc.Oom.OutOfMemory("a page");
                await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("return to user space"));
                kernel.PageAlloc.Oom.GetSignal();
                break;
            default:
                await kernel.Vmscan.ReclaimOne();
                break;
        }
    }
}
