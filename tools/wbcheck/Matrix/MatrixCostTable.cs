using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The cells' CPU seconds for <see cref="MatrixCosts"/>, one entry per column of the matrix (a
/// column with no figures is under a second in every era). Measured on idle cores: the whole
/// matrix at 4e84dd4 (2026-12-06, Release, 2 workers, 638 cells; BENCHMARKS.md, "The whole matrix
/// on idle cores, eighteenth session"), cells of a second or more. A cell's cost moves with the model:
/// take the figures again from a whole idle run's JSON when the order looks wrong, with
/// <code>
/// jq -r '{"2.5.31":"V2_5","2.6.20":"V2_6_20","2.6.29":"V2_6_29","2.6.36":"V2_6_36","3.19":"V3_19","4.13":"V4_13","4.17":"V4_17","4.20":"V4_20","5.0":"V5_0","6.9":"V6_9","6.10":"V6_10"} as $e
///   | . as $r | $r.checks[].name as $n
///   | [$r.cells[] | select(.check == $n and (.cpuSeconds // .seconds) >= 1) | "[KernelEra.\($e[.era])] = \((.cpuSeconds // .seconds) * 10 | round / 10)"]
///   | "        [\($n | tojson)] = new() { \(join(", ")) },"' matrix.json
/// </code>
/// </summary>
internal static class MatrixCostTable
{
    public static Dictionary<string, Dictionary<KernelEra, double>> Cells { get; } = new(StringComparer.Ordinal)
    {
        ["fsync-vs-dirtier"] = new() { [KernelEra.V2_6_20] = 2.6, [KernelEra.V2_6_29] = 6.3 },
        ["fsync-vs-truncate"] = new() { [KernelEra.V2_6_20] = 9, [KernelEra.V2_6_29] = 8.5, [KernelEra.V2_6_36] = 7.4, [KernelEra.V3_19] = 7.4, [KernelEra.V6_9] = 20.5, [KernelEra.V6_10] = 16.4 },
        ["background-vs-reclaim-truncate"] = new() { [KernelEra.V2_5] = 1.1, [KernelEra.V2_6_20] = 3.2, [KernelEra.V6_9] = 3.6, [KernelEra.V6_10] = 4.3 },
        ["cyclic-wrap-deadlock"] = new() { [KernelEra.V2_6_20] = 1.6, [KernelEra.V4_20] = 2.1, [KernelEra.V5_0] = 2.1, [KernelEra.V6_9] = 2.7, [KernelEra.V6_10] = 2.8 },
        ["reclaim-writeout-igrab"] = new() { },
        ["reclaim-writeout-pagelock"] = new() { },
        ["write-fault-vs-truncate"] = new() { },
        ["io-error-then-fsync"] = new() { },
        ["bio-redirty"] = new() { },
        ["bio-redirty-no-io-pages"] = new() { },
        ["bio-fast-dirtier"] = new() { },
        ["bio-fast-dirtier-no-io-pages"] = new() { [KernelEra.V2_5] = 13.2 },
        ["bio-redirty-two-walkers"] = new() { },
        ["buffered-write-vs-truncate"] = new() { },
        ["end-writeback-vs-truncate"] = new() { },
        ["mmap-store-vs-writeback"] = new() { },
        ["page-mkwrite-vs-writeback"] = new() { },
        ["unmap-vs-writeback-truncate"] = new() { },
        ["evict-vs-reclaim"] = new() { [KernelEra.V6_9] = 1.3, [KernelEra.V6_10] = 1.3 },
        ["realfs-cluster-partial"] = new() { [KernelEra.V2_6_20] = 2.5, [KernelEra.V2_6_29] = 3.6, [KernelEra.V3_19] = 2.7, [KernelEra.V6_9] = 5, [KernelEra.V6_10] = 5 },
        ["realfs-decline"] = new() { [KernelEra.V2_6_36] = 1.5, [KernelEra.V4_13] = 2, [KernelEra.V4_17] = 2.1, [KernelEra.V4_20] = 1.9, [KernelEra.V5_0] = 1.9, [KernelEra.V6_9] = 2.1, [KernelEra.V6_10] = 2 },
        ["gup-dirty-vs-reclaim"] = new() { },
        ["partial-truncate-vs-writeback"] = new() { },
        ["fsync-enomem-retry"] = new() { },
        ["block-truncate-vs-writeback"] = new() { },
        ["strictlimit-dirtier-vs-fsync"] = new() { },
        ["cgwb-dirtier-vs-flusher"] = new() { },
        ["cgwb-switch-vs-dirtier"] = new() { },
        ["cgwb-foreign-vote"] = new() { },
        ["direct-reclaim-writer-vs-fsync"] = new() { [KernelEra.V2_5] = 7.4, [KernelEra.V2_6_36] = 1.2, [KernelEra.V4_13] = 6, [KernelEra.V4_17] = 6.2, [KernelEra.V4_20] = 5.8, [KernelEra.V5_0] = 7.3, [KernelEra.V6_9] = 4.5, [KernelEra.V6_10] = 4.5 },
        ["cgwb-offline-vs-writeback"] = new() { },
        ["io-error-sync-then-fsync"] = new() { },
        ["memcg-reclaim-writeback-wait"] = new() { [KernelEra.V6_9] = 32.4, [KernelEra.V6_10] = 33.2 },
        ["sync-vs-background-b-io"] = new() { [KernelEra.V2_6_29] = 20.4, [KernelEra.V2_6_36] = 2.7, [KernelEra.V3_19] = 1.8, [KernelEra.V4_13] = 1.9, [KernelEra.V5_0] = 1.3, [KernelEra.V6_10] = 4.1 },
        ["cgwb-sync-vs-switch"] = new() { },
        ["tag/flag coherence"] = new() { [KernelEra.V2_6_29] = 6.8, [KernelEra.V2_6_36] = 26.2 },
        ["accounting"] = new() { [KernelEra.V2_6_36] = 1.4 },
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
        ["stable pages"] = new() { },
    };
}
