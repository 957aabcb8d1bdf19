using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// One dirtier writing <see cref="Pages"/> new pages of one file on a 100-page machine with one
/// CPU (thresholds 40 and 10, vm.dirty_ratio set to 40 over the era's own; ratelimit_pages 16): its disk strictlimit or not, with its
/// max_ratio; the dirtier in the root cgroup or in a memcg of <see cref="MemcgPages"/> pages,
/// smaller than the machine, charged with the file. Before it, a writer in the root cgroup may
/// have dirtied <see cref="RootPages"/> pages of a file of its own (the root wb's inode, beside
/// a memcg dirtier's wb in the eras of cgroup writeback).
/// </summary>
public sealed record DomainCase(int Pages, bool Strictlimit, int MaxRatio, long? MemcgPages, int RootPages = 0)
{
    public const long TotalPages = 100;

    public static Arbitrary<DomainCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public bool IsValid => Pages is >= 1 and <= 80 && MaxRatio is >= 0 and <= 100 && MemcgPages is null or (>= 1 and < TotalPages) && RootPages is >= 0 and <= MaxRootPages;

    /// <summary>The most pages the root writer dirties first: under the machine's background threshold (10), so only a memcg's flusher has work.</summary>
    public const int MaxRootPages = 8;

    public override string ToString() =>
        $"{Pages} page(s) written; {(Strictlimit ? "strictlimit " : "")}disk, max_ratio {MaxRatio}%; " +
        (MemcgPages is { } m ? $"dirtier in a memcg of {m} page(s)" : "dirtier in the root cgroup") +
        (RootPages > 0 ? $"; {RootPages} page(s) of another file dirtied first in the root cgroup" : "");

    /// <summary>
    /// Smaller cases: first without the root writer, its pages written by the dirtier instead (a
    /// case is simpler with one file, and a failure that needs the pages, not the file, keeps
    /// failing); then each field toward its simplest value.
    /// </summary>
    public static IEnumerable<DomainCase> Shrink(DomainCase c) =>
        (c.RootPages > 0 ? [c with { Pages = c.Pages + c.RootPages, RootPages = 0 }] : Array.Empty<DomainCase>())
            .Concat(Sizes.Toward(c.Pages, 1).Select(v => c with { Pages = (int)v }))
            .Concat(Sizes.Toward(c.Strictlimit).Select(v => c with { Strictlimit = v }))
            .Concat(Sizes.Toward(c.MaxRatio, 100).Select(v => c with { MaxRatio = (int)v }))
            .Concat(c.MemcgPages is null ? [] : [c with { MemcgPages = null }])
            .Concat(c.MemcgPages is { } m ? Sizes.Toward(m, TotalPages - 1).Select(v => c with { MemcgPages = v }) : [])
            .Concat(Sizes.Toward(c.RootPages, 0).Select(v => c with { RootPages = (int)v }))
            .Where(candidate => candidate.IsValid);

    private static Gen<DomainCase> Generate() =>
        from pages in Gen.Choose(1, 80)
        from strictlimit in Gen.Elements(false, true)
        from maxRatio in Gen.Frequency((1, Gen.Constant(100)), (1, Gen.Choose(0, 100)))
        from memcg in Gen.Frequency((1, Gen.Constant<long?>(null)), (2, Gen.Choose(1, (int)TotalPages - 1).Select(v => (long?)v)))
        from rootPages in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(1, MaxRootPages)))
        select new DomainCase(pages, strictlimit, maxRatio, memcg, rootPages);
}
