using Wbcheck.Concurrency.Tests.Scenarios;
using Xunit.Sdk;

namespace Wbcheck.Concurrency.Tests;

public sealed class LongestFirstOrdererTests
{
    [Fact]
    public void The_longest_classes_come_first_and_every_collection_comes_once_the_others_in_their_order()
    {
        string[] names = ["Test collection for A", $"Test collection for {typeof(EraTableTests).FullName}", "Test collection for B",
                          $"Test collection for {typeof(ShiftedLassoTests).FullName}", "Test collection for C"];

        var ordered = new LongestFirstOrderer().OrderTestCollections(names.Select(Named)).Select(c => c.DisplayName).ToList();

        Assert.Equal([names[3], names[1], names[0], names[2], names[4]], ordered);
    }

    private static readonly TestAssembly Assembly = new(Reflector.Wrap(typeof(LongestFirstOrdererTests).Assembly));

    private static TestCollection Named(string displayName) => new(Assembly, null, displayName);
}
