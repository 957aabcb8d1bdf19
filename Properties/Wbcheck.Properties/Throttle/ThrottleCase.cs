using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Everything one pass of a post-2.6.20 throttle reads: memory counters (with highmem and the
/// reserve), the sysctls (ratios, or dirty_bytes from 2.6.29), the task's flags, the device
/// (its completion share, ratios, strictlimit, bandwidth and ratelimits, its dirty pages), the
/// other dirty pages, the domain's dirty_limit, and the task's dirtying since it last looked.
/// Counts stay within 32 bits (memory under 2^32 pages, dirty_bytes under 2^43), the range the
/// throttle's arithmetic assumes and 6.10 (385d838df280) enforces; what larger limits do to each
/// era is shown by the model's own tests (IoLessThrottleLimitsTests).
/// </summary>
public sealed record ThrottleCase
{
    public const long MaxCount = 1L << 30;

    public const long MaxBytes = 1L << 43;

    public static Arbitrary<ThrottleCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public long FreePages { get; init; }

    public long FileLru { get; init; }

    public long AnonLru { get; init; }

    public bool SwapAvailable { get; init; }

    public long HighFreePages { get; init; }

    public long HighFileLru { get; init; }

    public long HighWatermark { get; init; }

    public long Reserve { get; init; }

    public bool HighmemIsDirtyable { get; init; }

    public int DirtyRatio { get; init; }

    public int DirtyBackgroundRatio { get; init; }

    public long DirtyBytes { get; init; }

    public long DirtyBackgroundBytes { get; init; }

    public bool LessThrottle { get; init; }

    public bool RealTime { get; init; }

    public long Numerator { get; init; }

    public long Denominator { get; init; } = 1;

    public int MinRatio { get; init; }

    public int OtherMinRatio { get; init; }

    public int MaxRatio { get; init; } = 100;

    public bool Strictlimit { get; init; }

    public long WriteBandwidth { get; init; } = 1;

    public long DirtyRatelimit { get; init; } = 1;

    public long BalancedDirtyRatelimit { get; init; } = 1;

    public long WbDirty { get; init; }

    public long OtherDirty { get; init; }

    public long DomainDirtyLimit { get; init; }

    public long PagesDirtied { get; init; } = 1;

    /// <summary>Jiffies since the task's last pause ended; -1 for a task that never paused.</summary>
    public long Think { get; init; } = -1;

    public long Dirtied { get; init; }

    public long Elapsed { get; init; } = (long)PageWritebackThrottle.BandwidthInterval;

    public MemoryCounters Memory => new()
    {
        FreePages = (ulong)FreePages,
        FileLru = (ulong)FileLru,
        AnonLru = (ulong)AnonLru,
        SwapAvailable = SwapAvailable,
        HighFreePages = (ulong)HighFreePages,
        HighFileLru = (ulong)HighFileLru,
        HighWatermark = (ulong)HighWatermark,
        Reserve = (ulong)Reserve,
    };

    public ThrottleSettings Settings => new()
    {
        DirtyRatio = (ulong)DirtyRatio,
        DirtyBackgroundRatio = (ulong)DirtyBackgroundRatio,
        DirtyBytes = (ulong)DirtyBytes,
        DirtyBackgroundBytes = (ulong)DirtyBackgroundBytes,
        HighmemIsDirtyable = HighmemIsDirtyable,
    };

    public TaskStruct Task => new() { Comm = "writer", LessThrottle = LessThrottle, RealTime = RealTime };

    public BdiWriteback Wb => new()
    {
        Numerator = (ulong)Numerator,
        Denominator = (ulong)Denominator,
        MinRatio = (ulong)MinRatio,
        SumMinRatio = (ulong)(MinRatio + OtherMinRatio),
        MaxRatio = (ulong)MaxRatio,
        Strictlimit = Strictlimit,
        AvgWriteBandwidth = (ulong)WriteBandwidth,
        DirtyRatelimit = (ulong)DirtyRatelimit,
        BalancedDirtyRatelimit = (ulong)BalancedDirtyRatelimit,
        WbDirty = (ulong)WbDirty,
    };

    public ThrottlePassInput Input => new(Memory, Settings, Task, Wb, (ulong)(WbDirty + OtherDirty), (ulong)DomainDirtyLimit, (ulong)PagesDirtied, Think < 0 ? null : (ulong)Think, (ulong)Dirtied, (ulong)Elapsed);

    public bool IsValid =>
        Count(FreePages) && Count(FileLru) && Count(AnonLru) && Count(HighFreePages) && HighFreePages <= FreePages
        && Count(HighFileLru) && HighFileLru <= FileLru && Count(HighWatermark) && Count(Reserve)
        && DirtyRatio is >= 0 and <= 100 && DirtyBackgroundRatio is >= 0 and <= 100
        && (DirtyBytes == 0 || DirtyBytes is >= 2 * (long)PageWritebackThrottle.PageSize and <= MaxBytes) && DirtyBackgroundBytes is >= 0 and <= MaxBytes
        && Denominator is >= 1 and <= MaxCount && Numerator >= 0 && Numerator <= Denominator
        && MinRatio >= 0 && OtherMinRatio >= 0 && MinRatio + OtherMinRatio < 100 && MaxRatio >= MinRatio && MaxRatio <= 100
        && WriteBandwidth is >= 1 and <= 1L << 24 && DirtyRatelimit >= 1 && DirtyRatelimit <= WriteBandwidth
        && BalancedDirtyRatelimit >= 1 && BalancedDirtyRatelimit <= WriteBandwidth
        && Count(WbDirty) && Count(OtherDirty) && Count(DomainDirtyLimit)
        && PagesDirtied is >= 1 and <= 1L << 16 && Think is >= -1 and <= 10_000 && Count(Dirtied)
        && Elapsed >= (long)PageWritebackThrottle.BandwidthInterval && Elapsed <= 10_000;

    public override string ToString() =>
        $"{Memory}; {Settings}; " +
        $"{(LessThrottle || RealTime ? $"{(LessThrottle ? "PF_LESS_THROTTLE " : "")}{(RealTime ? "real-time " : "")}task" : "ordinary task")}; " +
        $"device {Wb}; other dirty {OtherDirty}; domain dirty_limit {DomainDirtyLimit}; " +
        $"{PagesDirtied} page(s) dirtied, {(Think < 0 ? "never paused" : $"{Think} jiffies since its pause")}; {Dirtied} dirtied in {Elapsed} jiffies";

    private static IEnumerable<ThrottleCase> RoundRobin(IEnumerable<ThrottleCase>[] sequences)
    {
        var enumerators = sequences.Select(sequence => sequence.GetEnumerator()).ToList();
        while (enumerators.Count > 0)
        {
            for (var i = 0; i < enumerators.Count; i++)
            {
                if (enumerators[i].MoveNext())
                {
                    yield return enumerators[i].Current;
                }
                else
                {
                    enumerators[i].Dispose();
                    enumerators.RemoveAt(i--);
                }
            }
        }
    }

    private static bool Count(long value) => value is >= 0 and <= MaxCount;

    private static Gen<long> Bytes() =>
        Gen.Frequency((3, Gen.Constant(0L)), (1, Sizes.Spread(2 * (long)PageWritebackThrottle.PageSize, MaxBytes)));

    private static Gen<ThrottleCase> Generate() =>
        from free in Sizes.Spread(0, MaxCount)
        from file in Sizes.Spread(0, MaxCount)
        from anon in Sizes.Spread(0, MaxCount)
        from swap in Gen.Elements(false, true)
        from highmem in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from highFree in highmem ? Sizes.Uniform(0, free) : Gen.Constant(0L)
        from highFile in highmem ? Sizes.Uniform(0, file) : Gen.Constant(0L)
        from highWatermark in highmem ? Sizes.Spread(0, 1 << 16) : Gen.Constant(0L)
        from reserve in Sizes.Spread(0, MaxCount)
        from highmemIsDirtyable in Gen.Elements(false, true)
        from dirtyRatio in Gen.Choose(0, 100)
        from backgroundRatio in Gen.Choose(0, 100)
        from dirtyBytes in Bytes()
        from backgroundBytes in Bytes()
        from lessThrottle in Gen.Elements(false, true)
        from realTime in Gen.Elements(false, true)
        from strictlimit in Gen.Elements(false, true)
        from denominator in Sizes.Spread(1, MaxCount)
        from numerator in Sizes.Uniform(0, denominator)
        from minRatio in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 49)))
        from otherMinRatio in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 49)))
        from maxRatio in Gen.Frequency((3, Gen.Constant(100)), (1, Gen.Choose(minRatio, 100)))
        from bandwidth in Sizes.Spread(1, 1L << 24)
        from dirtyRatelimit in Sizes.Spread(1, bandwidth)
        from balanced in Sizes.Spread(1, bandwidth)
        from wbDirty in Sizes.Spread(0, MaxCount)
        from otherDirty in Sizes.Spread(0, MaxCount)
        from domainDirtyLimit in Sizes.Spread(0, MaxCount)
        from pagesDirtied in Sizes.Spread(1, 1L << 16)
        from think in Gen.Frequency((1, Gen.Constant(-1L)), (3, Sizes.Spread(0, 10_000)))
        from dirtied in Sizes.Spread(0, MaxCount)
        from elapsed in Sizes.Uniform((long)PageWritebackThrottle.BandwidthInterval, 10_000)
        select new ThrottleCase
        {
            FreePages = free,
            FileLru = file,
            AnonLru = anon,
            SwapAvailable = swap,
            HighFreePages = highFree,
            HighFileLru = highFile,
            HighWatermark = highWatermark,
            Reserve = reserve,
            HighmemIsDirtyable = highmemIsDirtyable,
            DirtyRatio = dirtyRatio,
            DirtyBackgroundRatio = backgroundRatio,
            DirtyBytes = dirtyBytes,
            DirtyBackgroundBytes = backgroundBytes,
            LessThrottle = lessThrottle,
            RealTime = realTime,
            Strictlimit = strictlimit,
            Numerator = numerator,
            Denominator = denominator,
            MinRatio = minRatio,
            OtherMinRatio = otherMinRatio,
            MaxRatio = maxRatio,
            WriteBandwidth = bandwidth,
            DirtyRatelimit = dirtyRatelimit,
            BalancedDirtyRatelimit = balanced,
            WbDirty = wbDirty,
            OtherDirty = otherDirty,
            DomainDirtyLimit = domainDirtyLimit,
            PagesDirtied = pagesDirtied,
            Think = think,
            Dirtied = dirtied,
            Elapsed = elapsed,
        };

    /// <summary>The cases one shrinking step away, valid ones only: flags off, counts toward their least.</summary>
    public static IEnumerable<ThrottleCase> Shrink(ThrottleCase c)
    {
        // Whole groups back to their least at once first, and every page count halved together,
        // past local minima where no one field can move alone (the thresholds and the position
        // ratio depend on several counts together).
        var groups = new[]
        {
            c with { FreePages = 0, FileLru = 0, AnonLru = 0, HighFreePages = 0, HighFileLru = 0, HighWatermark = 0, Reserve = 0 },
            c with { FreePages = 0, HighFreePages = 0, Reserve = 0 },
            c with { HighFreePages = 0, HighFileLru = 0, HighWatermark = 0 },
            c with
            {
                FreePages = c.FreePages / 2, FileLru = c.FileLru / 2, AnonLru = c.AnonLru / 2, HighFreePages = c.HighFreePages / 2, HighFileLru = c.HighFileLru / 2,
                HighWatermark = c.HighWatermark / 2, Reserve = c.Reserve / 2, WbDirty = c.WbDirty / 2, OtherDirty = c.OtherDirty / 2, DomainDirtyLimit = c.DomainDirtyLimit / 2,
            },
            c with { Numerator = 0, Denominator = 1, MinRatio = 0, OtherMinRatio = 0, MaxRatio = 100, Strictlimit = false },
            c with { WriteBandwidth = 1, DirtyRatelimit = 1, BalancedDirtyRatelimit = 1 },
            c with { WbDirty = 0, OtherDirty = 0, DomainDirtyLimit = 0 },
            c with { PagesDirtied = 1, Think = -1, Dirtied = 0, Elapsed = (long)PageWritebackThrottle.BandwidthInterval },
        }.Where(g => g != c);

        // Each field's candidates, largest step first; taken round-robin so that every field's
        // big steps are tried before any field's small ones (FsCheck stops shrinking after about
        // 5000 attempts, which one field at a time would spend on a few fields).
        IEnumerable<ThrottleCase>[] fields =
        [
            Sizes.Toward(c.Strictlimit).Select(v => c with { Strictlimit = v }),
            Sizes.Toward(c.LessThrottle).Select(v => c with { LessThrottle = v }),
            Sizes.Toward(c.RealTime).Select(v => c with { RealTime = v }),
            Sizes.Toward(c.SwapAvailable).Select(v => c with { SwapAvailable = v }),
            Sizes.Toward(c.HighmemIsDirtyable).Select(v => c with { HighmemIsDirtyable = v }),
            Sizes.Toward(c.DirtyBytes, 0).Select(v => c with { DirtyBytes = v }),
            Sizes.Toward(c.DirtyBackgroundBytes, 0).Select(v => c with { DirtyBackgroundBytes = v }),
            Sizes.Toward(c.FreePages, 0).Select(v => c with { FreePages = v, HighFreePages = Math.Min(c.HighFreePages, v) }),
            Sizes.Toward(c.FileLru, 0).Select(v => c with { FileLru = v, HighFileLru = Math.Min(c.HighFileLru, v) }),
            Sizes.Toward(c.AnonLru, 0).Select(v => c with { AnonLru = v }),
            Sizes.Toward(c.HighFreePages, 0).Select(v => c with { HighFreePages = v }),
            Sizes.Toward(c.HighFileLru, 0).Select(v => c with { HighFileLru = v }),
            Sizes.Toward(c.HighWatermark, 0).Select(v => c with { HighWatermark = v }),
            Sizes.Toward(c.Reserve, 0).Select(v => c with { Reserve = v }),
            Sizes.Toward(c.DirtyRatio, 0).Select(v => c with { DirtyRatio = (int)v }),
            Sizes.Toward(c.DirtyBackgroundRatio, 0).Select(v => c with { DirtyBackgroundRatio = (int)v }),
            Sizes.Toward(c.Denominator, 1).Select(v => c with { Denominator = v, Numerator = Math.Min(c.Numerator, v) }),
            Sizes.Toward(c.Numerator, 0).Select(v => c with { Numerator = v }),
            Sizes.Toward(c.MinRatio, 0).Select(v => c with { MinRatio = (int)v }),
            Sizes.Toward(c.OtherMinRatio, 0).Select(v => c with { OtherMinRatio = (int)v }),
            Sizes.Toward(100 - c.MaxRatio, 0).Select(v => c with { MaxRatio = 100 - (int)v }),
            Sizes.Toward(c.WriteBandwidth, 1).Select(v => c with { WriteBandwidth = v, DirtyRatelimit = Math.Min(c.DirtyRatelimit, v), BalancedDirtyRatelimit = Math.Min(c.BalancedDirtyRatelimit, v) }),
            Sizes.Toward(c.DirtyRatelimit, 1).Select(v => c with { DirtyRatelimit = v }),
            Sizes.Toward(c.BalancedDirtyRatelimit, 1).Select(v => c with { BalancedDirtyRatelimit = v }),
            Sizes.Toward(c.WbDirty, 0).Select(v => c with { WbDirty = v }),
            Sizes.Toward(c.OtherDirty, 0).Select(v => c with { OtherDirty = v }),
            Sizes.Toward(c.DomainDirtyLimit, 0).Select(v => c with { DomainDirtyLimit = v }),
            Sizes.Toward(c.PagesDirtied, 1).Select(v => c with { PagesDirtied = v }),
            Sizes.Toward(c.Think, -1).Select(v => c with { Think = v }),
            Sizes.Toward(c.Dirtied, 0).Select(v => c with { Dirtied = v }),
            Sizes.Toward(c.Elapsed, (long)PageWritebackThrottle.BandwidthInterval).Select(v => c with { Elapsed = v }),
        ];
        var candidates = groups.Concat(RoundRobin(fields));
        return candidates.Where(candidate => candidate.IsValid);
    }
}
