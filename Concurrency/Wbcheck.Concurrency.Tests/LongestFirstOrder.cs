using Xunit.Abstractions;

namespace Wbcheck.TestOrdering;

/// <summary>
/// The order of a test assembly's LongestFirstOrderer: the classes named, longest first, then the
/// others in xunit's order. Every collection given is returned once: the order changes, never the
/// set. Shared as a linked source by the test projects that order their classes so.
/// </summary>
internal static class LongestFirstOrder
{
    public static IEnumerable<ITestCollection> Order(IEnumerable<ITestCollection> testCollections, string[] longest) =>
        testCollections.Select((collection, index) => (collection, index))
            .OrderBy(c => Rank(c.collection, longest))
            .ThenBy(c => c.index)
            .Select(c => c.collection);

    private static int Rank(ITestCollection collection, string[] longest)
    {
        // A class's own collection is named "Test collection for <its full name>".
        var rank = Array.FindIndex(longest, name => collection.DisplayName.EndsWith(" " + name, StringComparison.Ordinal));
        return rank < 0 ? longest.Length : rank;
    }
}
