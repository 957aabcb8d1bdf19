using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Conformance.Cases;

/// <summary>Random machines, counts, sysctls and tasks for get_dirty_limits, and their shrinker (towards small numbers and plain flags).</summary>
public static class DirtyLimitsCaseGenerator
{
    public static Arbitrary<IConformanceCase> Arbitrary() =>
        Arb.From(Case().Select(c => (IConformanceCase)c), c => Shrink((DirtyLimitsCase)c).Select(s => (IConformanceCase)s));

    public static Gen<DirtyLimitsCase> Case() =>
        from total in Gen.Frequency((1, Gen.Choose(1, 200)), (2, Gen.Choose(1, 1 << 22)))
        from high in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, total)))
        from mapped in Gen.Choose(0, total)
        from anon in Gen.Choose(0, total - mapped)
        from dirty in Gen.Frequency((2, Gen.Constant(40)), (3, Gen.Choose(0, 100)))
        from background in Gen.Frequency((2, Gen.Constant(10)), (3, Gen.Choose(0, 100)))
        from mapping in Gen.Choose(0, 2)
        from less in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from rt in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new DirtyLimitsCase(total, high, mapped, anon, dirty, background, mapping, less, rt);

    public static IEnumerable<DirtyLimitsCase> Shrink(DirtyLimitsCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.TotalPages > 1)
        {
            var total = Math.Max(1, c.TotalPages / 2);
            yield return c with { TotalPages = total, HighPages = Math.Min(c.HighPages, total), Mapped = Math.Min(c.Mapped, total), Anon = Math.Min(c.Anon, total - Math.Min(c.Mapped, total)) };
        }

        if (c.HighPages > 0)
        {
            yield return c with { HighPages = 0 };
        }

        if (c.Mapped > 0)
        {
            yield return c with { Mapped = c.Mapped / 2 };
        }

        if (c.Anon > 0)
        {
            yield return c with { Anon = c.Anon / 2 };
        }

        if (c.Mapping != 0)
        {
            yield return c with { Mapping = 0 };
        }

        if (c.LessThrottle)
        {
            yield return c with { LessThrottle = false };
        }

        if (c.RealTime)
        {
            yield return c with { RealTime = false };
        }
    }
}
