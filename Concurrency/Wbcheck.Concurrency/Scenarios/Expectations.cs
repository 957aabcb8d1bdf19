using Wbcheck.Concurrency.Bugs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The era table of the race scenarios, as data: which scenario fails on which eras, how, and
/// which change fixed it. Every (scenario, era) not listed holds. Each era fails exactly the
/// cells the commit that ended it names (see <see cref="KernelEras"/>); the igrab writeout was a
/// proposal, never merged, and fails everywhere.
/// </summary>
public static class Expectations
{
    public static IReadOnlyList<ExpectedBug> Bugs { get; } =
    [
        new(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_20, KernelEra.V2_6_29, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "05fe478dd04e (\"mm: write_cache_pages integrity fix\", 2.6.29)"),
        new(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_29, KernelEra.V2_6_36, BugKind.Livelock, FsyncVsDirtier.LivenessName,
            "f446daaea9d4 (\"mm: implement writeback livelock avoidance using page tagging\", 2.6.36)"),
        new(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V2_6_29, KernelEra.V4_20, BugKind.SafetyMonitor, LockOrderMonitor.Name,
            "64081362e8ff (\"mm/page-writeback.c: fix range_cyclic writeback vs writepages deadlock\", 4.20)"),
        new(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29, KernelEra.V4_20, BugKind.Deadlock, "",
            "64081362e8ff (\"mm/page-writeback.c: fix range_cyclic writeback vs writepages deadlock\", 4.20)"),
        new(ReclaimWriteout.IgrabName, KernelEra.V2_6_20, null, BugKind.Deadlock, "",
            "none: the proposal was rejected (Andrew Morton, LKML 2010-06-11)"),
        new(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, KernelEra.V3_19, BugKind.SafetyMonitor, Accounting.Name,
            "2d6d7f982846 (\"mm: protect set_page_dirty() from ongoing truncation\", 3.19)"),
        new(IoErrorThenFsync.ScenarioName, KernelEra.V2_6_20, KernelEra.V4_13, BugKind.SafetyMonitor, IoErrorThenFsync.Invariant,
            "5660e13d2fd6 (\"fs: new infrastructure for writeback error handling and reporting\", 4.13)"),
        new(IoErrorThenFsync.ScenarioName, KernelEra.V4_13, KernelEra.V4_17, BugKind.SafetyMonitor, IoErrorThenFsync.Invariant,
            "b4678df184b3 (\"errseq: Always report a writeback error once\", 4.17)"),
    ];

    /// <summary>The bug expected of <paramref name="scenario"/> on <paramref name="era"/>, or null where it holds.</summary>
    public static ExpectedBug? For(string scenario, KernelEra era) => Bugs.FirstOrDefault(b => b.Covers(scenario, era));
}
