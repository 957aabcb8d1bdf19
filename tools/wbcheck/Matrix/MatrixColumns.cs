using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Matrix;

/// <summary>The columns of the era matrix, read from the catalogs: every race scenario, then every property.</summary>
internal static class MatrixColumns
{
    public static IReadOnlyList<MatrixColumn> Scenarios { get; } = [.. ScenarioCatalog.Names.Select(name => ScenarioColumn.Create(name))];

    /// <summary>
    /// The FsCheck properties of the era catalog, each a column whose check runs the property on
    /// one era and compares the outcome with the catalog's expectation.
    /// </summary>
    public static IReadOnlyList<MatrixColumn> Properties { get; } = [.. EraPropertyCatalog.All.Select(property => PropertyColumn.Create(property))];

    public static IReadOnlyList<MatrixColumn> All { get; } = [.. Scenarios, .. Properties];
}
