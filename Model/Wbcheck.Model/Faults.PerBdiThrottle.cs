namespace Wbcheck.Model;

/// <summary>Bugs of the per-device throttle of 2.6.24 to 2.6.36 (the 2.6.29 and 2.6.36 eras), each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>prop_norm never halves a local's count: the floating proportion forgets nothing, and a local's share grows past 1.</summary>
    public bool PropLocalNeverDecays { get; init; }

    /// <summary>balance_dirty_pages lets a dirtier go under (background + dirty) instead of under their midpoint, (background + dirty) / 2.</summary>
    public bool CatchUpTestNotHalved { get; init; }
}
