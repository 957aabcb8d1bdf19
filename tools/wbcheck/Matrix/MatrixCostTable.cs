using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The cells' CPU seconds for <see cref="MatrixCosts"/>, one entry per column of the matrix (a
/// column with no figures is under a second in every era). Measured on idle cores: the whole
/// matrix at 08825bc (2026-12-07, Release, 2 workers, 660 cells; BENCHMARKS.md, "The whole matrix
/// on idle cores, twenty-second session"; a cell an earlier era proved costs nothing there),
/// cells of a second or more. A cell's cost moves with the model:
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
        ["fsync-vs-dirtier"] = new() { [KernelEra.V2_6_20] = 1.9, [KernelEra.V2_6_29] = 4.2 },
        ["fsync-vs-truncate"] = new() { [KernelEra.V2_6_20] = 6, [KernelEra.V2_6_29] = 4.8, [KernelEra.V2_6_36] = 4.2, [KernelEra.V3_19] = 4.5, [KernelEra.V6_9] = 12 },
        ["background-vs-reclaim-truncate"] = new() { [KernelEra.V2_6_20] = 1.6, [KernelEra.V6_9] = 12.3, [KernelEra.V6_10] = 12.3 },
        ["cyclic-wrap-deadlock"] = new() { [KernelEra.V4_20] = 1.1, [KernelEra.V5_0] = 1.1, [KernelEra.V6_9] = 1.4 },
        ["reclaim-writeout-igrab"] = new() { },
        ["reclaim-writeout-pagelock"] = new() { },
        ["write-fault-vs-truncate"] = new() { },
        ["io-error-then-fsync"] = new() { },
        ["bio-redirty"] = new() { },
        ["bio-redirty-no-io-pages"] = new() { },
        ["bio-fast-dirtier"] = new() { },
        ["bio-fast-dirtier-no-io-pages"] = new() { [KernelEra.V2_5] = 10.1 },
        ["bio-redirty-two-walkers"] = new() { },
        ["buffered-write-vs-truncate"] = new() { },
        ["end-writeback-vs-truncate"] = new() { },
        ["mmap-store-vs-writeback"] = new() { },
        ["page-mkwrite-vs-writeback"] = new() { },
        ["unmap-vs-writeback-truncate"] = new() { },
        ["evict-vs-reclaim"] = new() { },
        ["realfs-cluster-partial"] = new() { [KernelEra.V2_6_20] = 1.4, [KernelEra.V2_6_29] = 1.5, [KernelEra.V3_19] = 1.4, [KernelEra.V6_9] = 11.6, [KernelEra.V6_10] = 11.4 },
        ["realfs-decline"] = new() { [KernelEra.V4_13] = 1.6, [KernelEra.V4_17] = 1.6, [KernelEra.V4_20] = 1.7, [KernelEra.V5_0] = 1.8, [KernelEra.V6_9] = 3.2, [KernelEra.V6_10] = 3.6 },
        ["gup-dirty-vs-reclaim"] = new() { },
        ["partial-truncate-vs-writeback"] = new() { },
        ["fsync-enomem-retry"] = new() { },
        ["block-truncate-vs-writeback"] = new() { },
        ["strictlimit-dirtier-vs-fsync"] = new() { },
        ["cgwb-dirtier-vs-flusher"] = new() { },
        ["cgwb-switch-vs-dirtier"] = new() { },
        ["cgwb-foreign-vote"] = new() { },
        ["direct-reclaim-writer-vs-fsync"] = new() { [KernelEra.V4_13] = 4, [KernelEra.V4_17] = 4.2, [KernelEra.V4_20] = 4.4, [KernelEra.V5_0] = 4, [KernelEra.V6_9] = 3.4, [KernelEra.V6_10] = 3.3 },
        ["cgwb-offline-vs-writeback"] = new() { },
        ["io-error-sync-then-fsync"] = new() { },
        ["memcg-reclaim-writeback-wait"] = new() { },
        ["sync-vs-background-b-io"] = new() { [KernelEra.V2_6_29] = 17.4, [KernelEra.V6_10] = 1.8 },
        ["cgwb-sync-vs-switch"] = new() { },
        ["congested-queue-reclaim"] = new() { [KernelEra.V4_20] = 2.7, [KernelEra.V5_0] = 3.7 },
        ["journalled-writer-vs-fsync"] = new() { [KernelEra.V6_9] = 3, [KernelEra.V6_10] = 2.3 },
        ["dirtier-vs-idle-flusher"] = new() { },
        ["nowritepage-vs-kswapd"] = new() { [KernelEra.V4_13] = 1.1 },
        ["fault-vs-truncate"] = new() { },
        ["store-to-missing-pte-vs-truncate"] = new() { },
        ["punch-vs-fault"] = new() { },
        ["punch-vs-read"] = new() { },
        ["block-page-mkwrite-vs-truncate"] = new() { },
        ["block-page-mkwrite-vs-writeback"] = new() { },
        ["flusher-vs-final-iput"] = new() { },
        ["flusher-wait-vs-final-iput"] = new() { },
        ["tag/flag coherence"] = new() { [KernelEra.V2_6_29] = 4.9, [KernelEra.V2_6_36] = 21.6 },
        ["accounting"] = new() { [KernelEra.V2_6_36] = 1.1 },
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
