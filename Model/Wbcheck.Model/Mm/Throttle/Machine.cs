using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The hardware the throttle divides up: CPUs, memory, the disk's request queue, and the
/// writeback worker pool. Fixed for a run (the model has no memory or CPU hotplug). Values a
/// booted kernel could not have are refused when set, with the rule they break.
/// </summary>
public sealed record Machine
{
    /// <summary>
    /// The most pages a 64-bit machine can have: 2^52 pages of 4 KiB fill its address space.
    /// Bounding memory here is what lets the model prove that no threshold computation overflows.
    /// </summary>
    public const long MaxPages = 1L << 52;

    /// <summary>A one-CPU machine with 1 GiB of low memory.</summary>
    public static Machine Default { get; } = new();

    /// <summary>num_online_cpus(): one per-CPU ratelimit counter each.</summary>
    [Models("include/linux/cpumask.h", "num_online_cpus", "2.6.20")]
    public int OnlineCpus
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(OnlineCpus), value, "a machine needs at least one online CPU");
    } = 1;

    /// <summary>
    /// vm_total_pages: the pages the page cache may use, counted at boot. The divisor of every
    /// ratio get_dirty_limits takes, so never zero.
    /// </summary>
    [Models("mm/vmscan.c", "vm_total_pages", "2.6.20")]
    public long TotalPages
    {
        get;
        init => field = value is >= 1 and <= MaxPages ? value : throw new ArgumentOutOfRangeException(nameof(TotalPages), value, $"vm_total_pages must be between 1 (a machine without memory cannot boot) and {MaxPages} (a full 64-bit address space)");
    } = 1L << 18;

    /// <summary>
    /// totalhigh_pages: how many of <see cref="TotalPages"/> are high memory, which a mapping
    /// limited to low memory cannot dirty. Zero is a machine without CONFIG_HIGHMEM.
    /// </summary>
    [Models("mm/highmem.c", "totalhigh_pages", "2.6.20")]
    public long TotalHighPages
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TotalHighPages), value, "totalhigh_pages cannot be negative");
    }

    /// <summary>
    /// MAX_WRITEBACK_PAGES: how many pages one background or kupdate pass writes before it looks
    /// at the thresholds again. The kernel's is 1024; small scenarios lower it, as they lower the
    /// batch size, so that a pass boundary falls inside a few pages.
    /// </summary>
    [Models("mm/page-writeback.c", "MAX_WRITEBACK_PAGES", "2.6.20", Fingerprint = "e39eef82f61b21e2")]
    public long MaxWritebackPages
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxWritebackPages), value, "a writeback pass must be allowed at least one page");
    } = 1024;

    /// <summary>
    /// BLKDEV_MAX_RQ: the requests a queue gets unless its driver or the administrator says
    /// otherwise (blk_queue_make_request's default, 2.6.20 to 4.x [V]).
    /// </summary>
    public const int BlkdevMaxRq = 128;

    /// <summary>
    /// q-&gt;nr_requests: the depth of the disk's request queue, of which its congestion thresholds
    /// are computed (<see cref="CongestionOnThreshold"/>, <see cref="CongestionOffThreshold"/>).
    /// The kernel's default is 128 (congested at 113 writes); a smaller queue lets a scenario
    /// congest the disk with a few writes in flight. queue_requests_store raises a value written
    /// to /sys/block/*/queue/nr_requests below BLKDEV_MIN_RQ (4) to 4 [V: a 2.6.1x copy]; the
    /// model takes depths down to 1 as a scaled-down queue, as it scales MAX_WRITEBACK_PAGES down.
    /// nr_requests bounds each list's requests (rl-&gt;count[WRITE], count[BLK_RW_ASYNC] from 2.6.30;
    /// on blk-mq, from 5.0, the tags of reads and writes together), one a bio in the model. A
    /// submitter that finds none free sleeps until one is given back (<see cref="Block.BlockDevice"/>):
    /// in the list era until <see cref="BatchRequests"/> are free again (2.5's request_list of
    /// writes: half of queue_nr_requests, one per quarter-megabyte of memory between 32 and 256,
    /// so 128 on the model's machine), from 2.6.20 at the first free.
    /// </summary>
    [Models("include/linux/blkdev.h", "struct request_queue (nr_requests)", "2.6.20")]
    [Models("drivers/block/ll_rw_blk.c", "queue_nr_requests (blk_dev_init)", "2.5.31")]
    public int NrRequests
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(NrRequests), value, "a request queue needs at least one request");
    } = BlkdevMaxRq;

    /// <summary>
    /// q-&gt;nr_congestion_on: the write requests at which the queue turns congested (get_request
    /// sets the bit when an allocation brings the count to it). nr_requests - nr_requests/8 + 1,
    /// at most nr_requests: 113 of 128, 4 of 4, 1 of 1.
    /// </summary>
    [Models("block/ll_rw_blk.c", "blk_queue_congestion_threshold (nr_congestion_on)", "2.6.20")]
    [Models("block/blk-core.c", "blk_queue_congestion_threshold (nr_congestion_on)", "4.19")]
    public int CongestionOnThreshold => Math.Min(NrRequests - (NrRequests / 8) + 1, NrRequests);

    /// <summary>
    /// q-&gt;nr_congestion_off: the queue stops being congested when a freed request leaves fewer
    /// write requests than this (__freed_request). nr_requests - nr_requests/8 - nr_requests/16 -
    /// 1, at least 1: 103 of 128, 3 of 4, 1 of 1. Between the two thresholds the bit keeps what it
    /// was: the hysteresis that keeps the context switch rate down.
    /// </summary>
    [Models("block/ll_rw_blk.c", "blk_queue_congestion_threshold (nr_congestion_off)", "2.6.20")]
    [Models("block/blk-core.c", "blk_queue_congestion_threshold (nr_congestion_off)", "4.19")]
    public int CongestionOffThreshold => Math.Max(NrRequests - (NrRequests / 8) - (NrRequests / 16) - 1, 1);

    /// <summary>
    /// batch_requests: how many write requests must be free again before blk_put_request wakes a
    /// writer sleeping in get_request_wait, a quarter of queue_nr_requests (half of
    /// <see cref="NrRequests"/>) and at most 32.
    /// </summary>
    [Models("drivers/block/ll_rw_blk.c", "batch_requests (blk_dev_init)", "2.5.31")]
    public int BatchRequests => Math.Clamp(NrRequests / 2, 1, 32);

    /// <summary>
    /// pdflush threads available to run writeback work at once. The kernel keeps between 2 and 8
    /// and grows the pool under load; the model's pool is fixed, which is all callers see: work
    /// handed over when every thread is busy is refused.
    /// </summary>
    [Models("mm/pdflush.c", "MIN_PDFLUSH_THREADS", "2.6.20")]
    public int PdflushThreads
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(PdflushThreads), value, "at least one pdflush thread is needed");
    } = 2;

    /// <summary>
    /// NUMA nodes, the memory split evenly between them (the last takes what does not divide),
    /// each with one zone, ZONE_NORMAL; CPU c sits on node c mod nodes (cpu_to_node). One node
    /// is a machine without NUMA. Several nodes are what lets the per-zone (3.3) and per-node
    /// (4.8) dirty limits spread a writer's pages (<see cref="Mm.Zone"/>).
    /// </summary>
    [Models("include/linux/nodemask.h", "nr_online_nodes", "4.19")]
    public int Nodes
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Nodes), value, "a machine needs at least one memory node");
    } = 1;

    /// <summary>
    /// vm.min_free_kbytes, from which the page allocator sets each zone's min, low and high
    /// watermarks, its lowmem_reserve and the reserves dirtyable memory leaves out
    /// (<see cref="Mm.PageAlloc"/>). Null, the default, is the model's machine without watermarks:
    /// memory is not bounded (a scenario may cache more pages than the machine has), no zone is
    /// passed over for want of free pages, nothing is reserved and kswapd is never woken. A value
    /// (zero included, which the sysctl allows) makes the allocator check the watermarks; an
    /// allocation that finds every zone at or below its min watermark is refused as unmodelled
    /// (direct reclaim).
    /// </summary>
    [Models("mm/page_alloc.c", "min_free_kbytes", "3.18")]
    public long? MinFreeKbytes
    {
        get;
        init => field = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MinFreeKbytes), value, "vm.min_free_kbytes cannot be negative");
    }

    /// <summary>Low memory: what page_writeback_init counts as nr_free_buffer_pages.</summary>
    public long LowPages => TotalPages - TotalHighPages;

    /// <summary>The node CPU <paramref name="cpu"/> allocates from first.</summary>
    [Models("include/linux/topology.h", "cpu_to_node", "4.19")]
    public int CpuToNode(int cpu) => cpu % Nodes;

    /// <summary>The pages of node <paramref name="node"/>.</summary>
    public long NodePages(int node) => node < Nodes - 1 ? TotalPages / Nodes : TotalPages - (Nodes - 1) * (TotalPages / Nodes);

    /// <summary>Checks the fields against each other (each is checked alone when set).</summary>
    public Machine Validate() =>
        TotalHighPages > TotalPages ? throw new ArgumentException($"totalhigh_pages ({TotalHighPages}) cannot exceed vm_total_pages ({TotalPages})")
        : Nodes > TotalPages ? throw new ArgumentException($"{Nodes} nodes cannot share {TotalPages} page(s): every node needs memory")
        : MinFreeKbytes is not null && LowPages == 0 ? throw new ArgumentException($"a machine of high memory only cannot have watermarks: __setup_per_zone_wmarks shares min_free_kbytes out over low memory (leave min_free_kbytes unset or give the machine low pages)")
        : Nodes > 1 && TotalHighPages > 0 ? throw new ArgumentException($"a machine of {Nodes} nodes with {TotalHighPages} high page(s) is not modelled: high memory is a 32-bit machine's, modelled on one node (set nodes to 1 or totalhigh_pages to 0)")
        : this;
}
