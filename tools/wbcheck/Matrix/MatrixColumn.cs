using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// A column of the era matrix: a check run on one era at a time against its expectation. The race
/// scenarios are columns (<see cref="ScenarioColumn"/>); a property with an era dimension becomes
/// one by giving its name, a description and a check that returns a <see cref="MatrixCell"/>.
/// </summary>
/// <param name="Kind"><see cref="ScenarioKind"/> or <see cref="PropertyKind"/>: how the report lays the column out.</param>
internal sealed record MatrixColumn(string Name, string Kind, string Description, Func<KernelEra, MatrixContext, MatrixCell> Check)
{
    /// <summary>
    /// Whether the column's cell on an era applies and is expected to hold, its check a
    /// deterministic run of that era alone (the same budget, seeds and cases on every holding era):
    /// such a cell may be proved by an earlier era's (<see cref="EarlierProof"/>). Null: every cell runs itself.
    /// </summary>
    public Func<KernelEra, bool>? ExpectedToHold { get; init; }

    public const string ScenarioKind = "scenario";

    public const string PropertyKind = "property";
}
