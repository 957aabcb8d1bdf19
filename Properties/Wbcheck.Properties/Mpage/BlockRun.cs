namespace Wbcheck.Properties.Mpage;

/// <summary>
/// A run of consecutive file blocks placed together on the disk: <paramref name="Gap"/> disk
/// blocks after the previous run (0: contiguous with it). <paramref name="Boundary"/> marks its
/// last block BH_Boundary; <paramref name="New"/> makes it reserved, allocated by write-back;
/// <paramref name="Hole"/> leaves its blocks unmapped where a hole is allowed there (else they are
/// reserved, as writing them must allocate them).
/// </summary>
public sealed record BlockRun(int Length, int Gap, bool Boundary, bool New, bool Hole = false);
