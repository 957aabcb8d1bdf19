using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Generators and shrinkers of the sizes throttling works with: counts that matter at every
/// magnitude, from one page to a full 64-bit address space.
/// </summary>
internal static class Sizes
{
    /// <summary>
    /// A count in [<paramref name="min"/>, <paramref name="max"/>] (at most 2^62 apart), spread
    /// over magnitudes: a number of bits is picked first, then a value below that power of two
    /// (from <paramref name="min"/>), so tiny machines, the
    /// sizes where 32-bit arithmetic overflows and the largest machines all come up in 1000 cases.
    /// </summary>
    public static Gen<long> Spread(long min, long max) =>
        from bits in Gen.Choose(0, 64 - (int)long.LeadingZeroCount(max - min + 1))
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        let span = Math.Min(max - min + 1, 1L << bits)
        select min + ((((long)high << 31) | (uint)low) % span);

    /// <summary>A count in [<paramref name="min"/>, <paramref name="max"/>], uniform.</summary>
    public static Gen<long> Uniform(long min, long max) =>
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select min + ((((long)high << 31) | (uint)low) % (max - min + 1));

    /// <summary>
    /// Smaller values of <paramref name="value"/>, nearest <paramref name="target"/> first:
    /// the target, then halfway, a quarter of the way, ... down to one less.
    /// </summary>
    public static IEnumerable<long> Toward(long value, long target)
    {
        if (value == target)
        {
            yield break;
        }

        yield return target;
        for (var step = (value - target) / 2; step != 0; step /= 2)
        {
            if (value - step != target)
            {
                yield return value - step;
            }
        }

        if (value - 1 != target && value - 1 >= target)
        {
            yield return value - 1;
        }
    }

    /// <summary>true before false: a flag shrinks to off.</summary>
    public static IEnumerable<bool> Toward(bool value) => value ? [false] : [];
}
