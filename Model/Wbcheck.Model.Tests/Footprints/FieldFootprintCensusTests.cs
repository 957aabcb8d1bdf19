using Wbcheck.Model.Fs;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// Every settable field of every model object a small kernel holds, found by reflection rather
/// than listed by hand (the lists of PageFootprintTests, StateFootprintTests and the Sampled
/// footprint tests name some fields and miss others). Threads share these fields: the flusher,
/// reclaim and a dirtier read what another thread writes. The engine's partial-order reduction
/// runs both orders of two steps only if their footprints conflict, so three things must hold in
/// every era: a read of a field conflicts with a write of it; the same field of two objects (two
/// pages, two inodes) is two objects for the reduction; and two different fields are not one
/// (a false dependence costs schedules, not soundness, but it says the ids are wrong).
/// </summary>
public sealed class FieldFootprintCensusTests
{
    public static TheoryData<KernelEra> Eras() => [.. Enum.GetValues<KernelEra>()];

    /// <summary>
    /// The fields the model reports as one object on purpose, each set one kernel datum or one
    /// lock's state: a false dependence among them is the design, not a wrong id.
    /// </summary>
    private static readonly string[] OneObject =
    [
        // i_wb and the fields that travel with it (I_WB_SWITCH, the foreign detection's history):
        // unlocked_inode_to_wb_begin and the switch read and write them together (Inode.Cgwb.cs).
        "Inode.IWb = Inode.WbAttached = Inode.WbFrnAvgTime = Inode.WbFrnHistory = Inode.WbFrnWinner = Inode.WbSwitch",

        // i_size, in bytes and in pages: one field, two views.
        "Inode.Size = Inode.SizePages",

        // A lock's state: the rwsem's reader count is its wait queue's, and the holder note says
        // who holds the lock when no thread does.
        "RwSemaphore.Readers = WaitQueue.Holder = WaitQueue.HolderNote",

        // A wb_completion's count is reported as its wait queue's state: the waiter sleeps on the
        // queue until the count drops to zero.
        "WbCompletion.Cnt = WaitQueue.Holder = WaitQueue.HolderNote",
    ];

    /// <summary>
    /// Which objects of a type the model reports as one on purpose (their fields share ids):
    /// a page's buffer heads are reported under their page's frame (BufferHead.AccessId); a wait
    /// queue given no id is named by its name's hash, so queues of one name are one object (every
    /// wb_completion's queue has one name); the timers' fields and the tasks' dirtying counts are
    /// "shared by every timer" and "by every task" (TimerList.Field, TaskDirtied.Field).
    /// </summary>
    private static object? Unit(object owner) => owner switch
    {
        BufferHead bh => bh.Page,
        WaitQueue queue => queue.Name,
        WbCompletion => nameof(WbCompletion),
        TimerList => nameof(TimerList),
        TaskDirtied => nameof(TaskDirtied),
        _ => owner,
    };

    /// <summary>Fields whose footprint is only written: nothing a step does reads them.</summary>
    private static readonly string[] WrittenOnly =
    [
        // Who holds a lock when no thread does ("bio 3, not yet submitted"): read by deadlock reports only.
        "WaitQueue.HolderNote",
    ];

    /// <summary>The census found the objects a kernel of every era has, so an empty census cannot pass.</summary>
    [Theory]
    [MemberData(nameof(Eras))]
    public void The_census_reaches_the_shared_objects(KernelEra era)
    {
        var types = Footprints(era).Where(field => field.Ids.Any()).Select(field => field.Property.DeclaringType!.Name).ToHashSet();

        foreach (var type in new[] { "Page", "Inode", "AddressSpace", "Vmstat", "BufferHead", "Pte", "PageTable", "WaitQueue", "CgroupWb", "MemCgroup", "OpenFile", "DirtyThrottle", "BackingDevInfo", "TaskDirtied", "WbCompletion" })
        {
            Assert.Contains(type, types);
        }
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void Reading_a_field_conflicts_with_writing_it(KernelEra era)
    {
        var wrong = new List<string>();
        foreach (var field in Footprints(era).Where(field => field.Read.Length + field.Write.Length > 0))
        {
            if (field.Read.Length == 0 && WrittenOnly.Contains(field.Name))
            {
                continue;
            }

            if (field.Read.Length == 0)
            {
                wrong.Add($"{field.Name}: written with a footprint, read without one");
            }
            else if (!field.Write.Any(entry => (entry & 1) == 1))
            {
                wrong.Add($"{field.Name}: read with a footprint, written without one");
            }
            else if (!field.Read.Any(entry => field.Write.Contains(entry | 1)))
            {
                wrong.Add($"{field.Name}: its write does not conflict with its read");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void The_same_field_of_two_objects_is_two_objects(KernelEra era)
    {
        var wrong = new List<string>();
        foreach (var group in Footprints(era).GroupBy(field => field.Name))
        {
            var owners = group.Select(field => (field.Owner, Ids: field.Ids.Where(id => !IsSubsystemWide(id)).ToHashSet())).ToList();
            for (var i = 0; i < owners.Count; i++)
            {
                for (var j = i + 1; j < owners.Count; j++)
                {
                    if (!Equals(Unit(owners[i].Owner), Unit(owners[j].Owner)) && owners[i].Ids.Overlaps(owners[j].Ids))
                    {
                        wrong.Add($"{group.Key}: two of its objects share an id");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void Two_fields_are_two_objects(KernelEra era)
    {
        var byId = new Dictionary<ulong, SortedSet<string>>();
        foreach (var field in Footprints(era))
        {
            foreach (var id in field.Ids.Where(id => !IsSubsystemWide(id)))
            {
                (byId.TryGetValue(id, out var names) ? names : byId[id] = []).Add(field.Name);
            }
        }

        var groups = OneObject.Select(group => group.Split(" = ")).ToList();
        var shared = byId.Values
            .SelectMany(names => names.SelectMany(a => names.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
            .Where(pair => !groups.Any(group => group.Contains(pair.a) && group.Contains(pair.b)))
            .Select(pair => $"{pair.a} = {pair.b}").Distinct().Order().ToList();
        Assert.True(shared.Count == 0, string.Join("\n", shared));
    }

    /// <summary>A singleton subsystem's one coarse id (AccessIds.Of(Subsystem)): every field of it is the one object, by design.</summary>
    private static bool IsSubsystemWide(ulong id) =>
        id >> 56 == (ulong)AccessIds.Kind.Subsystem && ((id >> 8) & 0xFFFF_FFFF_FFFFUL) == 0;

    /// <summary>
    /// A kernel of the era with two files (one of three pages, one of two), one open file, a
    /// shared mapping with a pte in each, buffer heads on two pages, a memcg with its wb, two tasks' dirtying counts, two writeback completions, and the wait
    /// queues made when first used (the pages' PG_locked and PG_writeback, the inodes' locks, the pte locks).
    /// </summary>
    private static List<FieldFootprint> Footprints(KernelEra era)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era });
        var other = world.Kernel.CreateInode(2, world.Fs);
        world.Kernel.Filemap.AddCachedPage(other.Mapping, 0, dirty: true);
        world.Kernel.Filemap.AddCachedPage(other.Mapping, 1, dirty: false);
        var file = world.Kernel.Open(world.Inode);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        var otherVma = world.Kernel.Memory.Mmap(other, world.Fs);
        var otherPte = world.Kernel.Memory.MapPage(otherVma, other.Mapping.Pages.Load(0)!);
        var buffers = BufferHeads.CreateEmptyBuffers(world.Page(1), 1024, BufferState.Mapped);
        var otherBuffers = BufferHeads.CreateEmptyBuffers(world.Page(2), 1024, BufferState.Mapped);
        var memcg = new MemCgroup("job", 50);
        var wb = new CgroupWb(memcg, jiffies: 0);
        var counts = world.Kernel.Throttle.DirtiedBy(TaskStruct.Ordinary);
        var otherCounts = world.Kernel.Throttle.DirtiedBy(new TaskStruct { Comm = "other" });
        foreach (var page in world.Kernel.CachedPages())
        {
            _ = (page.LockQueue, page.WritebackQueue);
        }

        _ = (world.Inode.Sem, world.Inode.StateQueue, other.Sem, other.StateQueue, vma.PtlQueue, otherVma.PtlQueue);
        var objects = ModelObjectGraph.From(world.Kernel, world.Fs, file, vma, pte, otherVma, otherPte, buffers, otherBuffers, memcg, wb, counts, otherCounts, new WbCompletion(), new WbCompletion());
        return [.. FieldFootprint.Of(objects)];
    }
}
