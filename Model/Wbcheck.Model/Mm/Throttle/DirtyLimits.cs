namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// What get_dirty_limits works out: the background and dirty thresholds in pages (its two out
/// parameters), and the percentages they were taken from after clamping, which the kernel keeps
/// in locals. The percentages are kept so that the rules its comment states about the clamped
/// levels (never below 5%, background below dirty) can be checked as stated.
/// </summary>
public readonly record struct DirtyLimits(long Background, long Dirty, long BackgroundRatio, long DirtyRatio)
{
    public override string ToString() =>
        $"background {Background} pages ({BackgroundRatio}%), dirty {Dirty} pages ({DirtyRatio}%)";
}
