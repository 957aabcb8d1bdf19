using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>What writeback_set_ratelimit reads: online CPUs (up to 4096, NR_CPUS of the largest configurations) and memory.</summary>
public sealed record RatelimitCase(int OnlineCpus, long TotalPages)
{
    public const int MaxCpus = 4096;

    public static Arbitrary<RatelimitCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public Machine Machine => new() { OnlineCpus = OnlineCpus, TotalPages = TotalPages };

    public override string ToString() => $"{OnlineCpus} CPU(s), {TotalPages} page(s)";

    private static Gen<RatelimitCase> Generate() =>
        from cpus in Sizes.Spread(1, MaxCpus)
        from total in Sizes.Spread(1, Machine.MaxPages)
        select new RatelimitCase((int)cpus, total);

    private static IEnumerable<RatelimitCase> Shrink(RatelimitCase c) =>
        Sizes.Toward(c.OnlineCpus, 1).Select(v => c with { OnlineCpus = (int)v })
            .Concat(Sizes.Toward(c.TotalPages, 1).Select(v => c with { TotalPages = v }));
}
