namespace Wbcheck.Model.Mm;

/// <summary>
/// One shrink_slab call's target for a shrinker (<see cref="Vmscan.ShrinkerScanTarget"/>): the
/// objects to scan (total_scan), the delta this call added, and 3.2-5.12's next_deferred before the
/// scan.
/// </summary>
internal readonly record struct ShrinkTarget(long TotalScan, long Delta, long NextDeferred);
