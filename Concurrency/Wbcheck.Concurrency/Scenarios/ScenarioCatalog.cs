using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Concurrency.Scenarios.Zones;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>The race scenarios by name, in the order of the issue that specified them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<string> Names { get; } =
    [
        FsyncVsDirtier.ScenarioName,
        FsyncVsTruncate.ScenarioName,
        BackgroundVsReclaimTruncate.ScenarioName,
        CyclicWrapDeadlock.ScenarioName,
        ReclaimWriteout.IgrabName,
        ReclaimWriteout.PinnedName,
        WriteFaultVsTruncate.ScenarioName,
        IoErrorThenFsync.ScenarioName,
        BioRedirty.RedirtyName,
        BioRedirty.RedirtyNoIoPagesName,
        BioRedirty.FastDirtierName,
        BioRedirty.FastDirtierNoIoPagesName,
        BioRedirtyTwoWalkers.ScenarioName,
        BufferedWriteVsTruncate.ScenarioName,
        EndWritebackVsTruncate.ScenarioName,
        MmapStoreVsWriteback.ScenarioName,
        PageMkwriteVsWriteback.ScenarioName,
        UnmapVsWritebackTruncate.ScenarioName,
        EvictVsReclaim.ScenarioName,
        RealFsWriteback.ClusterPartialName,
        RealFsWriteback.DeclineName,
        GupDirtyVsReclaim.ScenarioName,
        PartialTruncateVsWriteback.ScenarioName,
        FsyncEnomemRetry.ScenarioName,
        BlockTruncateVsWriteback.ScenarioName,
        StrictlimitDirtierVsFsync.ScenarioName,
        CgwbDirtierVsFlusher.ScenarioName,
        CgwbSwitchVsDirtier.ScenarioName,
        CgwbForeignVote.ScenarioName,
        DirectReclaimWriterVsFsync.ScenarioName,
        CgwbOfflineVsWriteback.ScenarioName,
        IoErrorSyncThenFsync.ScenarioName,
        Memcg.MemcgReclaimWritebackWait.ScenarioName,
        SyncVsBackgroundBIo.ScenarioName,
        CgwbSyncVsSwitch.ScenarioName,
        CongestedQueueReclaim.ScenarioName,
        JournalledWriterVsFsync.ScenarioName,
        DirtierVsIdleFlusher.ScenarioName,
        NoWritepageVsKswapd.ScenarioName,
        FaultVsTruncate.ScenarioName,
        StoreToMissingPteVsTruncate.ScenarioName,
        PunchVsFault.ScenarioName,
        PunchVsFault.ReadName,
        PunchVsFault.StoreName,
        WriteFaultVsTruncate.BlockPageMkwriteName,
        PageMkwriteVsWriteback.BlockPageMkwriteName,
        FlusherVsFinalIput.ScenarioName,
        FlusherWaitVsFinalIput.ScenarioName,
    ];

    /// <summary>
    /// The scenario called <paramref name="name"/>, built with <paramref name="options"/>. A
    /// scenario that does not apply to the options' era is refused, with the reason.
    /// </summary>
    public static RaceScenario Create(string name, ScenarioOptions options)
    {
        var scenario = Construct(name, options);
        if (!scenario.AppliesTo(options.Era))
        {
            var why = Expectations.NotApplicableTo(name, options.Era)?.Reason ?? "the expectation table does not say why";
            var refusal = scenario.Needs is { } setting && !setting.ExistsIn(options.Era) ? $"; {setting.Refusal(options.Era)}" : "";
            throw new ArgumentException($"scenario '{name}' does not apply to {options.Era.Info().Version}: {why}{refusal}");
        }

        return scenario;
    }

    /// <summary>What <paramref name="name"/> races, whatever era it applies to (for listings).</summary>
    public static string DescriptionOf(string name) => Construct(name, ScenarioOptions.Default).Description;

    /// <summary>Whether <paramref name="name"/> can run on <paramref name="era"/> (by the scenario's own account).</summary>
    public static bool AppliesTo(string name, KernelEra era) => Construct(name, ScenarioOptions.Default with { Era = era }).AppliesTo(era);

    /// <summary>The eras in which scenario <paramref name="name"/> applies and the era table says it holds.</summary>
    public static IEnumerable<KernelEra> HoldingEras(string name) =>
        Enum.GetValues<KernelEra>().Where(era => Expectations.For(name, era) is null && AppliesTo(name, era));

    private static RaceScenario Construct(string name, ScenarioOptions options) => name switch
    {
        FsyncVsDirtier.ScenarioName => new FsyncVsDirtier(options),
        FsyncVsTruncate.ScenarioName => new FsyncVsTruncate(options),
        BackgroundVsReclaimTruncate.ScenarioName => new BackgroundVsReclaimTruncate(options),
        CyclicWrapDeadlock.ScenarioName => new CyclicWrapDeadlock(options),
        ReclaimWriteout.IgrabName => new ReclaimWriteout(options, pinWithIgrab: true),
        ReclaimWriteout.PinnedName => new ReclaimWriteout(options, pinWithIgrab: false),
        WriteFaultVsTruncate.ScenarioName => new WriteFaultVsTruncate(options),
        IoErrorThenFsync.ScenarioName => new IoErrorThenFsync(options),
        BioRedirty.RedirtyName => new BioRedirty(options, ioPages: true, fastDirtier: false),
        BioRedirty.RedirtyNoIoPagesName => new BioRedirty(options, ioPages: false, fastDirtier: false),
        BioRedirty.FastDirtierName => new BioRedirty(options, ioPages: true, fastDirtier: true),
        BioRedirty.FastDirtierNoIoPagesName => new BioRedirty(options, ioPages: false, fastDirtier: true),
        BioRedirtyTwoWalkers.ScenarioName => new BioRedirtyTwoWalkers(options),
        BufferedWriteVsTruncate.ScenarioName => new BufferedWriteVsTruncate(options),
        EndWritebackVsTruncate.ScenarioName => new EndWritebackVsTruncate(options),
        MmapStoreVsWriteback.ScenarioName => new MmapStoreVsWriteback(options),
        PageMkwriteVsWriteback.ScenarioName => new PageMkwriteVsWriteback(options),
        UnmapVsWritebackTruncate.ScenarioName => new UnmapVsWritebackTruncate(options),
        EvictVsReclaim.ScenarioName => new EvictVsReclaim(options),
        FlusherVsFinalIput.ScenarioName => new FlusherVsFinalIput(options),
        FlusherWaitVsFinalIput.ScenarioName => new FlusherWaitVsFinalIput(options),
        RealFsWriteback.ClusterPartialName => new RealFsWriteback(options, decline: false),
        RealFsWriteback.DeclineName => new RealFsWriteback(options, decline: true),
        GupDirtyVsReclaim.ScenarioName => new GupDirtyVsReclaim(options),
        PartialTruncateVsWriteback.ScenarioName => new PartialTruncateVsWriteback(options),
        FsyncEnomemRetry.ScenarioName => new FsyncEnomemRetry(options),
        IoErrorSyncThenFsync.ScenarioName => new IoErrorSyncThenFsync(options),
        BlockTruncateVsWriteback.ScenarioName => new BlockTruncateVsWriteback(options),
        StrictlimitDirtierVsFsync.ScenarioName => new StrictlimitDirtierVsFsync(options),
        CgwbDirtierVsFlusher.ScenarioName => new CgwbDirtierVsFlusher(options),
        CgwbSwitchVsDirtier.ScenarioName => new CgwbSwitchVsDirtier(options),
        CgwbForeignVote.ScenarioName => new CgwbForeignVote(options),
        CgwbOfflineVsWriteback.ScenarioName => new CgwbOfflineVsWriteback(options),
        DirectReclaimWriterVsFsync.ScenarioName => new DirectReclaimWriterVsFsync(options),
        Memcg.MemcgReclaimWritebackWait.ScenarioName => new Memcg.MemcgReclaimWritebackWait(options),
        SyncVsBackgroundBIo.ScenarioName => new SyncVsBackgroundBIo(options),
        CgwbSyncVsSwitch.ScenarioName => new CgwbSyncVsSwitch(options),
        CongestedQueueReclaim.ScenarioName => new CongestedQueueReclaim(options),
        JournalledWriterVsFsync.ScenarioName => new JournalledWriterVsFsync(options),
        DirtierVsIdleFlusher.ScenarioName => new DirtierVsIdleFlusher(options),
        NoWritepageVsKswapd.ScenarioName => new NoWritepageVsKswapd(options),
        FaultVsTruncate.ScenarioName => new FaultVsTruncate(options),
        StoreToMissingPteVsTruncate.ScenarioName => new StoreToMissingPteVsTruncate(options),
        PunchVsFault.ScenarioName => new PunchVsFault(options),
        PunchVsFault.ReadName => new PunchVsFault(options, read: true),
        PunchVsFault.StoreName => new PunchVsFault(options, store: true),
        WriteFaultVsTruncate.BlockPageMkwriteName => new WriteFaultVsTruncate(options, blockPageMkwrite: true),
        PageMkwriteVsWriteback.BlockPageMkwriteName => new PageMkwriteVsWriteback(options, blockPageMkwrite: true),
        _ => throw new ArgumentException($"unknown scenario '{name}'; known scenarios: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// The scenario <paramref name="trace"/> was recorded from, rebuilt from the program name and
    /// parameters the trace holds; <paramref name="source"/> names the trace in messages.
    /// </summary>
    /// <exception cref="TraceLoadException">The trace names no scenario of this build, or parameters it cannot have.</exception>
    public static RaceScenario ForTrace(BugTrace trace, string source = "trace")
    {
        if (!Names.Contains(trace.Program))
        {
            throw new TraceLoadException(
                $"cannot use trace '{source}': it was recorded from '{trace.Program}', which is not a race scenario of this " +
                $"build (known scenarios: {string.Join(", ", Names)})");
        }

        ScenarioOptions options;
        try
        {
            options = ScenarioOptions.FromParameters(trace.Parameters);
        }
        catch (ArgumentException exception)
        {
            throw new TraceLoadException($"cannot use trace '{source}': {exception.Message}; restore the original file or record the trace again");
        }

        RaceScenario scenario;
        try
        {
            scenario = Create(trace.Program, options);
        }
        catch (ArgumentException exception)
        {
            // An era the scenario does not apply to: the header was edited (its fingerprint with it).
            throw new TraceLoadException($"cannot use trace '{source}': {exception.Message}; restore the original file or record the trace again");
        }

        trace.CheckMatches(scenario, source);
        return scenario;
    }
}
