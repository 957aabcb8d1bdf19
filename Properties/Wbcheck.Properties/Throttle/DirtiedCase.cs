using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Files whose -&gt;writepage declines some pages (it redirties them and reports -ENOSPC), and
/// steps of up to <see cref="MaxWriters"/> writers (each a task of its own), a flusher and the
/// disk over them. No truncation: truncate drops a dirty
/// page without counting it written, which the counters' balance does not cover.
/// </summary>
public sealed record DirtiedCase(IReadOnlyList<IReadOnlyList<int>> FailingPages, IReadOnlyList<DirtiedStep> Steps)
{
    public const int MaxPages = 8;

    /// <summary>Writers a case draws, each a task of its own.</summary>
    public const int MaxWriters = 3;

    public static Arbitrary<DirtiedCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public bool IsValid =>
        FailingPages.Count is >= 1 and <= 3 && FailingPages.All(f => f.All(i => i is >= 0 and < MaxPages))
        && Steps.All(s => s switch
        {
            DirtiedStep.Write w => w.Writer is >= 0 and < MaxWriters && w.File >= 0 && w.File < FailingPages.Count && w.Index is >= 0 and < MaxPages,
            DirtiedStep.Writeback b => b.File >= 0 && b.File < FailingPages.Count && b.NrToWrite >= 1,
            _ => true,
        });

    public override string ToString() =>
        string.Join("; ", FailingPages.Select((f, i) => $"file {i} declines [{string.Join(", ", f)}]")) + ": " + string.Join("; ", Steps);

    public static IEnumerable<DirtiedCase> Shrink(DirtiedCase c)
    {
        var fewerSteps = Enumerable.Range(0, c.Steps.Count).Select(i => c with { Steps = [.. c.Steps.Where((_, j) => j != i)] });
        var fewerFiles = Enumerable.Range(0, c.FailingPages.Count > 1 ? c.FailingPages.Count : 0)
            .Where(i => c.Steps.All(s => FileOf(s) != i))
            .Select(i => c with { FailingPages = [.. c.FailingPages.Where((_, j) => j != i)], Steps = [.. c.Steps.Select(s => Renumber(s, i))] });
        var fewerFailing = Enumerable.Range(0, c.FailingPages.Count).SelectMany(i => c.FailingPages[i].Select(page =>
            c with { FailingPages = [.. c.FailingPages.Select((f, j) => j == i ? (IReadOnlyList<int>)[.. f.Where(p => p != page)] : f)] }));
        var smallerSteps = Enumerable.Range(0, c.Steps.Count).SelectMany(i => ShrinkStep(c.Steps[i]).Select(s => c with { Steps = [.. c.Steps.Select((old, j) => j == i ? s : old)] }));
        return fewerSteps.Concat(fewerFiles).Concat(fewerFailing).Concat(RenumberedPages(c)).Concat(smallerSteps).Where(candidate => candidate.IsValid);
    }

    /// <summary>A declined page moved to a lower index together with the writes to it: only the pages' order matters.</summary>
    private static IEnumerable<DirtiedCase> RenumberedPages(DirtiedCase c) =>
        from file in Enumerable.Range(0, c.FailingPages.Count)
        from page in c.FailingPages[file]
        from lower in Sizes.Toward(page, 0)
        where !c.FailingPages[file].Contains((int)lower)
        select c with
        {
            FailingPages = [.. c.FailingPages.Select((f, j) => j == file ? (IReadOnlyList<int>)[.. f.Select(p => p == page ? (int)lower : p)] : f)],
            Steps = [.. c.Steps.Select(s => s is DirtiedStep.Write w && w.File == file && w.Index == page ? w with { Index = (int)lower } : s)],
        };

    private static int? FileOf(DirtiedStep step) => step switch
    {
        DirtiedStep.Write w => w.File,
        DirtiedStep.Writeback b => b.File,
        _ => null,
    };

    private static DirtiedStep Renumber(DirtiedStep step, int removed) => step switch
    {
        DirtiedStep.Write w when w.File > removed => w with { File = w.File - 1 },
        DirtiedStep.Writeback b when b.File > removed => b with { File = b.File - 1 },
        _ => step,
    };

    private static IEnumerable<DirtiedStep> ShrinkStep(DirtiedStep step) => step switch
    {
        DirtiedStep.Write w => Sizes.Toward(w.Index, 0).Select(v => w with { Index = (int)v })
            .Concat(Sizes.Toward(w.File, 0).Select(v => w with { File = (int)v }))
            .Concat(Sizes.Toward(w.Writer, 0).Select(v => w with { Writer = (int)v })),
        DirtiedStep.Writeback b => Sizes.Toward(b.Sync).Select(v => b with { Sync = v })
            .Concat(Sizes.Toward(b.File, 0).Select(v => b with { File = (int)v }))
            .Concat(Sizes.Toward(b.NrToWrite, 1).Select(v => b with { NrToWrite = (int)v })),
        _ => [],
    };

    private static Gen<DirtiedCase> Generate() =>
        from files in Gen.Choose(1, 3)
        from failing in Gen.ListOf(Gen.SubListOf(Enumerable.Range(0, MaxPages).ToArray()).Select(l => (IReadOnlyList<int>)[.. l]), files)
        from count in Gen.Choose(1, 30)
        from steps in Gen.ListOf(Step(files), count)
        select new DirtiedCase([.. failing.Select(f => (IReadOnlyList<int>)[.. f.Take(3)])], [.. steps]);

    private static Gen<DirtiedStep> Step(int files) => Gen.Frequency(
        (5, from writer in Gen.Choose(0, MaxWriters - 1) from file in Gen.Choose(0, files - 1) from index in Gen.Choose(0, MaxPages - 1) select (DirtiedStep)new DirtiedStep.Write(writer, file, index)),
        (2, from file in Gen.Choose(0, files - 1) from nr in Gen.Choose(1, MaxPages * 2) from sync in Gen.Elements(false, true) select (DirtiedStep)new DirtiedStep.Writeback(file, nr, sync)),
        (2, Gen.Constant((DirtiedStep)new DirtiedStep.Complete())));
}
