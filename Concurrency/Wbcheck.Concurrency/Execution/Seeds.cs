namespace Wbcheck.Concurrency.Execution;

/// <summary>
/// Seeds derived from the run's seed, so that iteration i is scheduled the same way whichever
/// worker or shard runs it.
/// </summary>
internal static class Seeds
{
    /// <summary>The seed of iteration <paramref name="iteration"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static ulong ForIteration(ulong seed, int iteration) =>
        Mix(Mix(seed) + 0x9E3779B97F4A7C15UL * (ulong)(iteration + 1));

    /// <summary>The seed of the fair random scheduling that follows an unfair strategy in the same iteration.</summary>
    public static ulong ForFairPhase(ulong iterationSeed) => Mix(iterationSeed ^ 0xD6E8FEB86659FD93UL);

    /// <summary>SplitMix64's finalizer: a bijection that scatters nearby inputs.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
