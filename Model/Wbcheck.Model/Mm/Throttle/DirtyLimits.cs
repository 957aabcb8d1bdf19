using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// What get_dirty_limits works out: the background and dirty thresholds in pages (its two out
/// parameters), and the percentages they were taken from after clamping, which the kernel keeps
/// in locals. The percentages are kept so that the rules its comment states about the clamped
/// levels (never below 5%, background below dirty) can be checked as stated.
/// </summary>
[Models("mm/page-writeback.c", "get_dirty_limits", "2.6.20")]
public readonly record struct DirtyLimits(long Background, long Dirty, long BackgroundRatio, long DirtyRatio)
{
    public override string ToString() =>
        $"background {Background} pages ({BackgroundRatio}%), dirty {Dirty} pages ({DirtyRatio}%)";
}
