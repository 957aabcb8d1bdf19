using Wbcheck.Cli.Counterexamples;
using Wbcheck.Model;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// An FsCheck property as a matrix column: each cell checks the property on one era with its
/// catalog budget and compares the outcome with the catalog's expectation; a failure's shrunk
/// counterexample is written out with the command that replays it.
/// </summary>
internal static class PropertyColumn
{
    private const int ShownCounterexample = 160;

    /// <summary>The column of <paramref name="property"/>, checked against its catalog or, for tests, other <paramref name="expectations"/>.</summary>
    public static MatrixColumn Create(EraProperty property, Func<KernelEra, EraExpectation?>? expectations = null) => new(
        property.Name,
        MatrixColumn.PropertyKind,
        property.Statement,
        (era, context) => Check(property, era, Expected(property, era, expectations), context))
    {
        ExpectedToHold = era => property.NotApplicableTo(era) is null && Expected(property, era, expectations) is null,
    };

    private static EraExpectation? Expected(EraProperty property, KernelEra era, Func<KernelEra, EraExpectation?>? expectations) =>
        expectations is null ? property.ExpectedOn(era) : expectations(era);

    private static MatrixCell Check(EraProperty property, KernelEra era, EraExpectation? expected, MatrixContext context)
    {
        if (property.NotApplicableTo(era) is { } reason)
        {
            return MatrixCell.NotApplicableCell(property.Name, era, reason);
        }

        // The run alone is recorded: the era boundaries its cases consulted say which later eras it proves.
        EraBoundaries.Reset();
        var result = property.Check(era, seed: context.PropertySeed);
        var consulted = EraBoundaries.Reset();
        var found = result.Holds ? "holds" : "fails";
        string? problem = (expected, result.Holds) switch
        {
            (null, false) => $"expected it to hold, found a counterexample: {Shorten(result.Counterexample ?? "")}",
            (not null, true) => $"expected it to fail ({expected.How}), but {result.Cases} cases from seed {context.PropertySeed} found no counterexample",
            _ => null,
        };
        return new MatrixCell
        {
            Column = property.Name,
            Era = era,
            Expected = expected is null ? "holds" : "fails",
            Found = found,
            Short = found,
            FixedBy = expected is null ? null : string.Join("; ", expected.FixedBy),
            Problem = problem,
            Counterexample = result.Holds ? null : CounterexampleText.Render(property, result, context.Environment),
            TraceName = result.Holds ? null : CounterexampleText.FileName(property, era),
            ReplayArguments = result.Replay is { } replay ? CounterexampleText.ReplayArguments(property, era, replay) : null,
            Cost = CellCost.None with { Cases = result.CasesRun },
            Notes = result.Notes,
            Consulted = consulted,
        };
    }

    private static string Shorten(string counterexample)
    {
        var line = counterexample.ReplaceLineEndings(" ").Trim();
        return line.Length <= ShownCounterexample ? line : line[..ShownCounterexample] + "...";
    }
}
