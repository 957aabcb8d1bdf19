namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>The global thresholds and the dirtyable memory they were taken from, in pages.</summary>
public readonly record struct GlobalDirtyThresholds(ulong Avail, ulong Background, ulong Dirty)
{
    public override string ToString() => $"dirtyable {Avail}, background {Background}, dirty {Dirty}";
}
