using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// A small machine (its memory, its CPUs) and steps of dirtiers, each pinned to a CPU and
/// writing its own file forwards, against the flusher, the disk and the clock. Memory of 60 to
/// 200 pages puts the dirty threshold (the era's: 40% in 2.6.20, 10% in 2.6.29, 20% after) within a few writes. Every file's -&gt;writepage
/// declines the pages in <see cref="Declined"/> (of its first <see cref="MaxDeclined"/>) (redirties them, -ENOSPC), so writeback redirties.
/// One case in four runs in laptop mode (<see cref="LaptopMode"/>), and a tick may be long enough
/// for dirty_writeback_interval (5 s) to pass, so that kupdate's timer and laptop mode's fire.
/// </summary>
public sealed record RunningCase(int OnlineCpus, long TotalPages, int Dirtiers, IReadOnlyList<int> Declined, IReadOnlyList<RunningStep> Steps)
{
    public const long MinPages = 60;
    public const long MaxPages = 200;

    /// <summary>
    /// -&gt;writepage may decline any of each file's first eight pages: with three dirtiers up to
    /// 24 refused pages, over the background threshold of the smaller machines (6 to 20 pages)
    /// and, on the smallest, over the era's release line, so that a dirtier held between the two
    /// can be seen (docs/eras.md section 91).
    /// </summary>
    public const int MaxDeclined = 8;

    /// <summary>The longest tick: over two writeback intervals.</summary>
    public const int MaxTick = 1200;

    public static Arbitrary<RunningCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    /// <summary>vm.laptop_mode: 0, or the quiet spell in jiffies after which laptop mode's timer flushes everything.</summary>
    public long LaptopMode { get; init; }

    public bool IsValid =>
        OnlineCpus is >= 1 and <= 2 && TotalPages is >= MinPages and <= MaxPages && Dirtiers is >= 1 and <= 3
        && Declined.All(i => i is >= 0 and < MaxDeclined) && LaptopMode >= 0
        && Steps.All(s => s switch
        {
            RunningStep.Write w => w.Dirtier >= 0 && w.Dirtier < Dirtiers && w.Pages >= 1,
            RunningStep.Tick t => t.Jiffies >= 1,
            _ => true,
        });

    public override string ToString() =>
        $"{OnlineCpus} CPU(s), {TotalPages} pages, {Dirtiers} dirtier(s){(Declined.Count == 0 ? "" : $", ->writepage declines [{string.Join(", ", Declined)}]")}{(LaptopMode == 0 ? "" : $", laptop mode {LaptopMode} jiffies")}: {string.Join("; ", Steps)}";

    public static IEnumerable<RunningCase> Shrink(RunningCase c)
    {
        var fewerSteps = Enumerable.Range(0, c.Steps.Count).Select(i => c with { Steps = [.. c.Steps.Where((_, j) => j != i)] });
        var smallerSteps = Enumerable.Range(0, c.Steps.Count).SelectMany(i => ShrinkStep(c.Steps[i]).Select(s => c with { Steps = [.. c.Steps.Select((old, j) => j == i ? s : old)] }));
        var fewerDirtiers = Sizes.Toward(c.Dirtiers, 1).Select(v => c with { Dirtiers = (int)v, Steps = [.. c.Steps.Select(s => s is RunningStep.Write w && w.Dirtier >= v ? w with { Dirtier = 0 } : s)] });
        var fewerDeclined = c.Declined.Select(page => c with { Declined = [.. c.Declined.Where(p => p != page)] });
        var candidates = fewerSteps
            .Concat(fewerDeclined)
            .Concat(Sizes.Toward(c.LaptopMode, 0).Select(v => c with { LaptopMode = v }))
            .Concat(smallerSteps)
            .Concat(fewerDirtiers)
            .Concat(Sizes.Toward(c.OnlineCpus, 1).Select(v => c with { OnlineCpus = (int)v }))
            .Concat(Sizes.Toward(c.TotalPages, MinPages).Select(v => c with { TotalPages = v }));
        return candidates.Where(candidate => candidate.IsValid);
    }

    private static IEnumerable<RunningStep> ShrinkStep(RunningStep step) => step switch
    {
        RunningStep.Write w => Sizes.Toward(w.Pages, 1).Select(v => w with { Pages = (int)v }).Concat(Sizes.Toward(w.Dirtier, 0).Select(v => w with { Dirtier = (int)v })),
        RunningStep.Tick t => Sizes.Toward(t.Jiffies, 1).Select(v => t with { Jiffies = (int)v }),
        _ => [],
    };

    private static Gen<RunningCase> Generate() =>
        from cpus in Gen.Choose(1, 2)
        from pages in Gen.Choose((int)MinPages, (int)MaxPages)
        from dirtiers in Gen.Choose(1, 3)
        from declined in Gen.Frequency((3, Gen.Constant(Array.Empty<int>())), (1, Gen.SubListOf(Enumerable.Range(0, MaxDeclined).ToArray()).Select(l => l.ToArray())))
        from count in Gen.Choose(1, 12)
        from steps in Gen.ListOf(Step(dirtiers), count)
        from laptopMode in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(5, 100)))
        select new RunningCase(cpus, pages, dirtiers, declined, [.. steps]) { LaptopMode = laptopMode };

    private static Gen<RunningStep> Step(int dirtiers) => Gen.Frequency(
        (6, from dirtier in Gen.Choose(0, dirtiers - 1) from pages in Gen.Choose(1, 48) select (RunningStep)new RunningStep.Write(dirtier, pages)),
        (2, Gen.Constant((RunningStep)new RunningStep.Flush())),
        (2, from jiffies in Gen.Choose(1, 60) select (RunningStep)new RunningStep.Tick(jiffies)),
        (1, from jiffies in Gen.Choose(400, MaxTick) select (RunningStep)new RunningStep.Tick(jiffies)));
}
