using Wbcheck.Concurrency.Execution;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Ours rather than System.Random so
/// that a seed means the same schedule on every .NET version, and reseedable without allocating.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    public DeterministicRandom(ulong seed = 0) => Reset(seed);

    public void Reset(ulong seed)
    {
        s0 = Seeds.Mix(seed + 0x9E3779B97F4A7C15UL);
        s1 = Seeds.Mix(s0 + 0x9E3779B97F4A7C15UL);
        s2 = Seeds.Mix(s1 + 0x9E3779B97F4A7C15UL);
        s3 = Seeds.Mix(s2 + 0x9E3779B97F4A7C15UL);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, <paramref name="count"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int count)
    {
        var range = (ulong)count;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)product;
    }
}
