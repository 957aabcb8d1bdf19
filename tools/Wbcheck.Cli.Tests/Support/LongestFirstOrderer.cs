using Wbcheck.Cli.Tests.Commands;
using Wbcheck.Cli.Tests.Coyote;
using Wbcheck.Cli.Tests.Fuzz;
using Wbcheck.Cli.Tests.Html;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Wbcheck.Cli.Tests.Support.LongestFirstOrderer", "Wbcheck.Cli.Tests")]

namespace Wbcheck.Cli.Tests.Support;

/// <summary>
/// Starts the longest test classes first (each class is its own collection; two run at a time),
/// so the short ones fill in beside them at the end instead of one long class running alone after
/// the rest (BENCHMARKS.md, "The test run's time, second round"). The others keep xunit's order.
/// Every collection given is returned once: the order changes, never the set.
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
        testCollections.Select((collection, index) => (collection, index))
            .OrderBy(c => Rank(c.collection))
            .ThenBy(c => c.index)
            .Select(c => c.collection);

    private static int Rank(ITestCollection collection)
    {
        // A class's own collection is named "Test collection for <its full name>".
        var rank = Array.FindIndex(Longest, name => collection.DisplayName.EndsWith(" " + name, StringComparison.Ordinal));
        return rank < 0 ? Longest.Length : rank;
    }
}
