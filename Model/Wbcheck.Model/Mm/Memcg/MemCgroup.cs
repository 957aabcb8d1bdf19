using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// A memory cgroup (cgroup v2), as little of it as the dirty throttle of 4.2 on reads
/// (cgroup writeback, Tejun Heo; the memcg wb_domain, 841710aa6e4a "writeback: implement memcg
/// wb_domain"): its memory ceiling (the lower of memory.max and memory.high), the file pages
/// charged to it, and its wb_domain's dirty_limit. A child of the root, with no ancestors of
/// its own. A page is charged to the memcg whose task brought it into the page cache; the model
/// charges whole mappings (<see cref="Charge"/>): every page of a charged mapping, and only
/// those, is the memcg's. The inode's wb is the one its first dirtying attached
/// (<see cref="Fs.Inode.IWb"/>): a mapping charged after that is foreign to its wb until
/// inode_switch_wbs moves it. Only file pages are charged: the memcg has no anonymous memory.
/// </summary>
[Models("include/linux/memcontrol.h", "struct mem_cgroup", "4.19")]
[Models("include/linux/memcontrol.h", "struct mem_cgroup", "6.9")]
public sealed partial class MemCgroup
{
    private readonly List<AddressSpace> mappings = [];
    private ulong dirtyLimit;
    private CgroupWb? wb;
    private bool online = true;

    /// <param name="name">The cgroup's name, for messages.</param>
    /// <param name="memoryMax">min(memory.max, memory.high), in pages.</param>
    /// <param name="jiffies">Now: wb_domain_init stamps dirty_limit_tstamp with it.</param>
    /// <param name="id">
    /// The memcg's css id (memcg_css-&gt;id), what foreign-inode detection votes with; the root's
    /// is <see cref="RootId"/>, so a child's is 2 or more. Two memcgs of one kernel need two ids.
    /// </param>
    [Models("mm/page-writeback.c", "wb_domain_init", "4.19")]
    public MemCgroup(string name, long memoryMax, long jiffies = 0, int id = RootId + 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMax);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(id, RootId);
        Name = name;
        Id = id;
        MemoryMax = memoryMax;
        DirtyLimitTstamp = jiffies;
    }

    /// <summary>The root memory cgroup's css id (the first id cgroup_init gives a subsystem's root css).</summary>
    public const int RootId = 1;

    public string Name { get; }

    /// <summary>memcg_css-&gt;id: this memcg's css id, 2 or more (the root's is <see cref="RootId"/>; 0 means none).</summary>
    public int Id { get; }

    /// <summary>min(memory.max, memory.high), in pages: what mem_cgroup_wb_stats takes the headroom under.</summary>
    public long MemoryMax { get; }

    /// <summary>The mappings whose pages are charged to this memcg.</summary>
    public IReadOnlyList<AddressSpace> Mappings => mappings;

    /// <summary>
    /// The memcg wb_domain's dirty_limit: its threshold followed up at once and down slowly
    /// (update_dirty_limit), 0 at wb_domain_init's memset.
    /// </summary>
    public ulong DirtyLimit
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return dirtyLimit;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            dirtyLimit = value;
        }
    }

    /// <summary>The memcg wb_domain's dirty_limit_tstamp: when its dirty_limit last moved.</summary>
    public long DirtyLimitTstamp { get; internal set; }

    /// <summary>
    /// The memcg's bdi_writeback on the model's disk (cgroup writeback, 4.2), null until
    /// wb_get_create makes it (<see cref="Throttle.DirtyThrottle.WbGetCreate"/>). An access is
    /// reported as a write of the throttle's state, as the root wb's (<see cref="Throttle.DirtyThrottle.Bdi"/>).
    /// </summary>
    public CgroupWb? Wb
    {
        get
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return wb;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            wb = value;
        }
    }

    /// <summary>
    /// CSS_ONLINE: the memcg is online, from its creation until mem_cgroup_css_offline (its
    /// directory removed: <see cref="Throttle.DirtyThrottle.MemCgroupCssOffline"/>). The model
    /// takes css_is_dying (CSS_DYING, set by kill_css just before) to be its negation: nothing
    /// of the model runs between the two. An offline memcg keeps its charged pages (they stay
    /// associated with it) but has no wb any more: wb_get_create finds none and makes none.
    /// </summary>
    public bool Online
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return online;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            online = value;
        }
    }

    /// <summary>
    /// Charge every page of <paramref name="mapping"/> to this memcg, those cached now and those
    /// cached later (<see cref="Fs.Inode.Memcg"/>); in the eras of cgroup writeback the inode's
    /// first dirtying after this attaches it to the memcg's wb, and an inode attached before
    /// stays on its wb.
    /// </summary>
    public void Charge(AddressSpace mapping)
    {
        if (mapping.Host.Memcg is { } other && other != this)
        {
            throw new InvalidOperationException($"{mapping.Host} is charged to memcg {other.Name} already; the model charges a mapping to one memcg");
        }

        // The list is what the charge's usage walks (MemCgroup.Limit.cs).
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (!mappings.Contains(mapping))
        {
            mappings.Add(mapping);
        }

        mapping.Host.Memcg = this;
    }

    /// <summary>
    /// mem_cgroup_wb_stats: the memcg's file pages (its inactive and active file LRU), its
    /// headroom (what it may still charge under its ceiling; PAGE_COUNTER_MAX for the root,
    /// which has no ceiling), and its NR_FILE_DIRTY and NR_WRITEBACK, counted exactly from its
    /// pages (4.19's memcg_exact_page_state; 6.9 flushes the stats first).
    /// </summary>
    [Models("mm/memcontrol.c", "mem_cgroup_wb_stats", "4.19")]
    [Models("mm/memcontrol.c", "mem_cgroup_wb_stats", "6.9")]
    public MemcgWbStats WbStats()
    {
        ulong filepages = 0, dirty = 0, writeback = 0;
        foreach (var mapping in mappings)
        {
            var tree = mapping.Pages;
            for (var index = tree.FindNext(0, long.MaxValue, XaMark.None); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.None))
            {
                var page = tree.Load(index)!;
                filepages++;
                dirty += page.Dirty ? 1UL : 0;
                writeback += page.Writeback ? 1UL : 0;
            }
        }

        // page_counter_read(&memcg->memory): its charged pages, here its file pages.
        var ceiling = (ulong)MemoryMax;
        var used = filepages;
        var headroom = Math.Min(PageCounterMax, ceiling - Math.Min(ceiling, used));
        return new MemcgWbStats(filepages, headroom, dirty, writeback);
    }

    /// <summary>PAGE_COUNTER_MAX on a 64-bit kernel: LONG_MAX / PAGE_SIZE.</summary>
    [Models("include/linux/page_counter.h", "PAGE_COUNTER_MAX", "4.19")]
    public const ulong PageCounterMax = long.MaxValue / 4096;

    public override string ToString() => $"memcg {Name} (ceiling {MemoryMax} pages, {mappings.Count} mapping(s))";
}
