using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Generation;

namespace Wbcheck.Properties.Writeback.Differential;

/// <summary>
/// Differential cases: an interleaved prefix on a filesystem with a plain -&gt;writepage (some
/// pages failing), and a final pass of any kind. Shrinks the prefix as any case, then the pass.
/// </summary>
public static class DifferentialGenerator
{
    public static CommandMix Mix { get; } = CommandMix.Interleaved with { Aggregate = 0, FailingPage = 15 };

    public static Arbitrary<DifferentialCase> Arbitrary { get; } = Arb.From(Case(), Shrink);

    /// <summary>The cases <paramref name="era"/> can run (<see cref="CommandMix.ForEra"/>).</summary>
    public static Arbitrary<DifferentialCase> ArbitraryFor(KernelEra era) => Arb.From(Case(Mix.ForEra(era)), Shrink);

    public static Gen<DifferentialCase> Case() => Case(Mix);

    private static Gen<DifferentialCase> Case(CommandMix mix) =>
        from prefix in CaseGenerator.Case(mix)
        from file in Gen.Choose(0, prefix.Files.Length - 1)
        from wbc in CaseGenerator.Wbc(mix, prefix.Files[file].Pages)
        select new DifferentialCase(prefix, new WritebackCommand(file, wbc));

    public static IEnumerable<DifferentialCase> Shrink(DifferentialCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        foreach (var prefix in CaseGenerator.Shrink(c.Prefix))
        {
            yield return c with { Prefix = prefix };
        }

        foreach (var final in CaseGenerator.ShrinkCommand(c.Final))
        {
            yield return c with { Final = (WritebackCommand)final };
        }
    }
}
