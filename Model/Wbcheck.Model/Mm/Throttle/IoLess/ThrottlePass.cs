namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// What one pass of the I/O-less balance_dirty_pages decided: the thresholds it worked out, and
/// either freerun (no throttling; the task looks again after <see cref="NrDirtiedPause"/> pages)
/// or the position ratio, the rates, the pause bounds, and the pause it sleeps (0: it owed none
/// and goes on, the time credited to its next period).
/// </summary>
public sealed record ThrottlePass
{
    public required GlobalDirtyThresholds Global { get; init; }

    public ulong WbThresh { get; init; }

    public ulong WbBgThresh { get; init; }

    public bool Freerun { get; init; }

    public bool DirtyExceeded { get; init; }

    public ulong PosRatio { get; init; }

    public ulong DirtyRatelimit { get; init; }

    public ulong TaskRatelimit { get; init; }

    public long MaxPause { get; init; }

    public long MinPause { get; init; }

    public long Period { get; init; }

    public long Pause { get; init; }

    public long NrDirtiedPause { get; init; }

    public override string ToString() => Freerun
        ? $"{Global}; freerun, next look after {NrDirtiedPause} page(s)"
        : $"{Global}; wb_thresh {WbThresh}, wb_bg_thresh {WbBgThresh}; pos_ratio {PosRatio}, dirty_ratelimit {DirtyRatelimit}, task_ratelimit {TaskRatelimit}; " +
          $"pause {Pause} (period {Period}, min {MinPause}, max {MaxPause}), nr_dirtied_pause {NrDirtiedPause}{(DirtyExceeded ? ", dirty_exceeded" : "")}";
}
