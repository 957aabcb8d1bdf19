using Wbcheck.Concurrency.Scenarios;

namespace Wbcheck.Cli.Matrix;

/// <summary>The columns of the era matrix, read from the catalogs: every race scenario, then every property.</summary>
internal static class MatrixColumns
{
    public static IReadOnlyList<MatrixColumn> Scenarios { get; } = [.. ScenarioCatalog.Names.Select(name => ScenarioColumn.Create(name))];

    /// <summary>
    /// The FsCheck properties that run on every era, each a column whose check runs the property
    /// on one era and compares the outcome with its expectation. None is wired in yet.
    /// </summary>
    public static IReadOnlyList<MatrixColumn> Properties { get; } = [];

    public static IReadOnlyList<MatrixColumn> All { get; } = [.. Scenarios, .. Properties];
}
