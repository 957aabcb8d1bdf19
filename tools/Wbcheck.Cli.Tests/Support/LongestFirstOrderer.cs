using Wbcheck.Cli.Tests.Commands;
using Wbcheck.Cli.Tests.Coyote;
using Wbcheck.Cli.Tests.Fuzz;
using Wbcheck.Cli.Tests.Html;
using Wbcheck.TestOrdering;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Wbcheck.Cli.Tests.Support.LongestFirstOrderer", "Wbcheck.Cli.Tests")]

namespace Wbcheck.Cli.Tests.Support;

/// <summary>
/// Starts the longest test classes first (each class is its own collection; two run at a time),
/// so the short ones fill in beside them at the end instead of one long class running alone after
/// the rest (BENCHMARKS.md, "The test run's time, second round"). The others keep xunit's order.
/// Every collection given is returned once (<see cref="LongestFirstOrder"/>).
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    /// <summary>The longest classes, longest first.</summary>
    private static readonly string[] Longest =
    [
        typeof(MatrixTracesAgreementTests).FullName!,
        typeof(FuzzTests).FullName!,
        typeof(MergeCommandTests).FullName!,
        typeof(MatrixCommandTests).FullName!,
        typeof(CoyoteCommandTests).FullName!,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        LongestFirstOrder.Order(testCollections, Longest);
}
