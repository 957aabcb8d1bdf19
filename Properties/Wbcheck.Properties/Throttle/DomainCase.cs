using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// One dirtier writing <see cref="Pages"/> new pages of one file on a 100-page machine with one
/// CPU (thresholds 40 and 10, ratelimit_pages 16): its disk strictlimit or not, with its
/// max_ratio; the dirtier in the root cgroup or in a memcg of <see cref="MemcgPages"/> pages,
/// smaller than the machine, charged with the file.
/// </summary>
public sealed record DomainCase(int Pages, bool Strictlimit, int MaxRatio, long? MemcgPages)
{
    public const long TotalPages = 100;

    public static Arbitrary<DomainCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public bool IsValid => Pages is >= 1 and <= 80 && MaxRatio is >= 0 and <= 100 && MemcgPages is null or (>= 1 and < TotalPages);

    public override string ToString() =>
        $"{Pages} page(s) written; {(Strictlimit ? "strictlimit " : "")}disk, max_ratio {MaxRatio}%; " +
        (MemcgPages is { } m ? $"dirtier in a memcg of {m} page(s)" : "dirtier in the root cgroup");

    public static IEnumerable<DomainCase> Shrink(DomainCase c) =>
        Sizes.Toward(c.Pages, 1).Select(v => c with { Pages = (int)v })
            .Concat(Sizes.Toward(c.Strictlimit).Select(v => c with { Strictlimit = v }))
            .Concat(Sizes.Toward(c.MaxRatio, 100).Select(v => c with { MaxRatio = (int)v }))
            .Concat(c.MemcgPages is null ? [] : [c with { MemcgPages = null }])
            .Concat(c.MemcgPages is { } m ? Sizes.Toward(m, TotalPages - 1).Select(v => c with { MemcgPages = v }) : [])
            .Where(candidate => candidate.IsValid);

    private static Gen<DomainCase> Generate() =>
        from pages in Gen.Choose(1, 80)
        from strictlimit in Gen.Elements(false, true)
        from maxRatio in Gen.Frequency((1, Gen.Constant(100)), (1, Gen.Choose(0, 100)))
        from memcg in Gen.Frequency((1, Gen.Constant<long?>(null)), (2, Gen.Choose(1, (int)TotalPages - 1).Select(v => (long?)v)))
        select new DomainCase(pages, strictlimit, maxRatio, memcg);
}
