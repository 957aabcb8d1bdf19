namespace Wbcheck.Cli.Bench;

/// <summary>
/// One program under both engines with matching strategies: schedules a second and schedules to
/// the first bug (null for a program that holds), and how ours compares.
/// </summary>
internal sealed record EngineComparison(
    string Program,
    string Kind,
    string OurStrategy,
    string CoyoteStrategy,
    double OurSchedulesPerSecond,
    double CoyoteSchedulesPerSecond,
    SchedulesToBug? OurSchedulesToBug,
    SchedulesToBug? CoyoteSchedulesToBug)
{
    /// <summary>Our schedules a second over Coyote's.</summary>
    public double SpeedRatio => CoyoteSchedulesPerSecond > 0 ? OurSchedulesPerSecond / CoyoteSchedulesPerSecond : 0;

    /// <summary>
    /// Our median schedules to the first bug over Coyote's (below 1: we need fewer); null unless
    /// both found the bug with every seed (a capped median is only a lower bound).
    /// </summary>
    public double? ScheduleRatio =>
        OurSchedulesToBug is { } ours && CoyoteSchedulesToBug is { Median: > 0 } coyote &&
        ours.Found == ours.Seeds && coyote.Found == coyote.Seeds
            ? ours.Median / coyote.Median
            : null;
}
