namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// What one step touched, for partial-order reduction: a 64-bit signature of the shared objects
/// it accessed (each object's key sets one bit, so two objects may share a bit: that only makes
/// steps look dependent, never independent), or <see cref="Global"/> when the step may have touched
/// anything. Every access counts as a write: two steps are independent only when neither is global
/// and they touched no object in common. A step of a program that does not report its accesses
/// (every kernel scenario) is global, so the reduction never prunes its schedules.
/// </summary>
internal readonly record struct Footprint(ulong Bits, bool Global)
{
    /// <summary>A step that touched nothing shared.</summary>
    public static readonly Footprint None = new(0, false);

    /// <summary>A step that may have touched anything.</summary>
    public static readonly Footprint Everything = new(0, true);

    /// <summary>The signature bit of a shared object's key.</summary>
    public static ulong BitOf(string key) => 1UL << (int)((uint)StableHash(key) % 64);

    /// <summary>Running the two steps in either order from the same state has the same effect.</summary>
    public static bool Independent(in Footprint a, in Footprint b) => !a.Global && !b.Global && (a.Bits & b.Bits) == 0;

    public Footprint With(ulong bit) => Global ? this : new Footprint(Bits | bit, false);

    public Footprint Union(in Footprint other) => new(Bits | other.Bits, Global || other.Global);

    // string.GetHashCode is randomized per process; footprints only live within one run, but a
    // fixed hash keeps the collisions (and so the schedule counts) the same from run to run.
    private static int StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}
