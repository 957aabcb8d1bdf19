using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The cells' CPU seconds for <see cref="MatrixCosts"/>, one entry per column of the matrix (a
/// column with no figures is cheap in every era), on the scale of CPU at a load average of 50-80
/// (about twice the idle figures). PARTLY ESTIMATED (2026-12-06): the machine's load left no time
/// for a whole matrix. Measured with <c>matrix --json</c> (BENCHMARKS.md, 2026-12-06): the cells
/// of tag/flag coherence, accounting and truncate and reclaim safety on 2.6.20 to 2.6.36 and 6.9,
/// fsync-vs-truncate on 4.13 and 6.9, realfs-cluster-partial on 2.6.36, 4.13 and 6.9; the others
/// listed are estimated from those, the brief's per-column walls (issues 17 and 19) and the proofs'
/// schedule counts (docs/search.md, "Bigger proofs"). Measured again by mxspeed3 (load 40-65): the
/// cells of tag/flag coherence, accounting and truncate and reclaim safety on 2.6.20 to 2.6.36
/// once a failing era's budget goes on at the largest size (<c>EraProperty.SizeRamp</c>; those
/// under a second left out), and memcg-reclaim-writeback-wait on 6.9. Replace them with a measured run on idle
/// cores: the lines come from its JSON with
/// <code>
/// jq -r '{"2.5.31":"V2_5","2.6.20":"V2_6_20","2.6.29":"V2_6_29","2.6.36":"V2_6_36","3.19":"V3_19","4.13":"V4_13","4.17":"V4_17","4.20":"V4_20","5.0":"V5_0","6.9":"V6_9"} as $e
///   | . as $r | $r.checks[].name as $n
///   | [$r.cells[] | select(.check == $n and (.cpuSeconds // .seconds) >= 1) | "[KernelEra.\($e[.era])] = \((.cpuSeconds // .seconds) * 10 | round / 10)"]
///   | "        [\($n | tojson)] = new() { \(join(", ")) },"' matrix.json
/// </code>
/// </summary>
internal static class MatrixCostTable
{
    public static Dictionary<string, Dictionary<KernelEra, double>> Cells { get; } = new(StringComparer.Ordinal)
    {
        ["fsync-vs-dirtier"] = new() { },
        ["fsync-vs-truncate"] = new() { [KernelEra.V2_5] = 21, [KernelEra.V2_6_20] = 21, [KernelEra.V2_6_29] = 21, [KernelEra.V2_6_36] = 21, [KernelEra.V3_19] = 21, [KernelEra.V4_13] = 3, [KernelEra.V4_17] = 3, [KernelEra.V4_20] = 3, [KernelEra.V5_0] = 3, [KernelEra.V6_9] = 21 },
        ["background-vs-reclaim-truncate"] = new() { [KernelEra.V2_5] = 20, [KernelEra.V2_6_20] = 40, [KernelEra.V2_6_29] = 3, [KernelEra.V2_6_36] = 3, [KernelEra.V3_19] = 3, [KernelEra.V4_13] = 3, [KernelEra.V4_17] = 3, [KernelEra.V4_20] = 3, [KernelEra.V5_0] = 3, [KernelEra.V6_9] = 40 },
        ["cyclic-wrap-deadlock"] = new() { [KernelEra.V2_6_20] = 8, [KernelEra.V4_20] = 8, [KernelEra.V5_0] = 8, [KernelEra.V6_9] = 8 },
        ["reclaim-writeout-igrab"] = new() { },
        ["reclaim-writeout-pagelock"] = new() { },
        ["write-fault-vs-truncate"] = new() { },
        ["io-error-then-fsync"] = new() { },
        ["bio-redirty"] = new() { },
        ["bio-redirty-no-io-pages"] = new() { },
        ["bio-fast-dirtier"] = new() { },
        ["bio-fast-dirtier-no-io-pages"] = new() { },
        ["bio-redirty-two-walkers"] = new() { },
        ["buffered-write-vs-truncate"] = new() { },
        ["end-writeback-vs-truncate"] = new() { },
        ["mmap-store-vs-writeback"] = new() { },
        ["page-mkwrite-vs-writeback"] = new() { },
        ["unmap-vs-writeback-truncate"] = new() { },
        ["evict-vs-reclaim"] = new() { },
        ["realfs-cluster-partial"] = new() { [KernelEra.V2_5] = 18, [KernelEra.V2_6_20] = 18, [KernelEra.V2_6_29] = 18, [KernelEra.V2_6_36] = 0.6, [KernelEra.V3_19] = 18, [KernelEra.V4_13] = 3.1, [KernelEra.V4_17] = 3, [KernelEra.V4_20] = 3, [KernelEra.V5_0] = 3, [KernelEra.V6_9] = 18.1 },
        ["realfs-decline"] = new() { [KernelEra.V2_6_20] = 10, [KernelEra.V2_6_29] = 10, [KernelEra.V2_6_36] = 10, [KernelEra.V3_19] = 10, [KernelEra.V6_9] = 10 },
        ["gup-dirty-vs-reclaim"] = new() { },
        ["partial-truncate-vs-writeback"] = new() { },
        ["fsync-enomem-retry"] = new() { },
        ["block-truncate-vs-writeback"] = new() { },
        ["strictlimit-dirtier-vs-fsync"] = new() { },
        ["cgwb-dirtier-vs-flusher"] = new() { },
        ["cgwb-switch-vs-dirtier"] = new() { },
        ["cgwb-foreign-vote"] = new() { },
        ["direct-reclaim-writer-vs-fsync"] = new() { [KernelEra.V2_5] = 6, [KernelEra.V2_6_20] = 6, [KernelEra.V2_6_29] = 6, [KernelEra.V2_6_36] = 6, [KernelEra.V3_19] = 6, [KernelEra.V6_9] = 6 },
        ["cgwb-offline-vs-writeback"] = new() { },
        ["io-error-sync-then-fsync"] = new() { },
        ["memcg-reclaim-writeback-wait"] = new() { [KernelEra.V6_9] = 30 },
        ["tag/flag coherence"] = new() { [KernelEra.V2_6_29] = 9.4, [KernelEra.V2_6_36] = 26, [KernelEra.V3_19] = 1, [KernelEra.V4_13] = 1, [KernelEra.V4_17] = 1, [KernelEra.V4_20] = 1, [KernelEra.V5_0] = 1, [KernelEra.V6_9] = 0.9 },
        ["accounting"] = new() { [KernelEra.V2_6_36] = 1 },
        ["no silent clean"] = new() { },
        ["no lost dirty data on WB_SYNC_ALL"] = new() { },
        ["ascending lock order"] = new() { },
        ["truncate and reclaim safety"] = new() { },
        ["use-after-free"] = new() { },
        ["nr_to_write bounds WB_SYNC_NONE only"] = new() { },
        ["WB_SYNC_NONE stops at an error, WB_SYNC_ALL returns the first"] = new() { },
        ["range_cyclic resumes after the last page written"] = new() { },
        ["background writeback bounded by nr_to_write"] = new() { },
        ["no lost dirty data with filesystems like real ones"] = new() { },
        ["writeback_iter = write_cache_pages"] = new() { },
        ["EOF tail zeroed on every write"] = new() { },
        ["mpage: bytes past i_size zero on disk"] = new() { },
        ["throttle arithmetic"] = new() { },
        ["dirtied accounting"] = new() { },
        ["running throttle"] = new() { },
        ["each throttling domain (global, strictlimit disk, memcg) holds its dirtier"] = new() { },
        ["no node holds more dirty pages than its limit plus what the slow path gave it"] = new() { },
        ["no silent clean across munmap and get_user_pages"] = new() { },
        ["reclaim frees no page dirtied through get_user_pages"] = new() { },
    };
}
