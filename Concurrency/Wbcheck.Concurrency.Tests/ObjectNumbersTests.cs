using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The fingerprint's table of object numbers: by identity (not by Equals), each object's number
/// kept until the walk ends, across the table's growth, and nothing left behind for the next walk.
/// </summary>
public sealed class ObjectNumbersTests
{
    [Fact]
    public void Numbers_go_by_identity_survive_growth_and_are_forgotten_by_clear()
    {
        var numbers = new ObjectNumbers();
        // Equal by value, distinct objects: each gets its own number.
        var objects = Enumerable.Range(0, 1000).Select(i => (object)new string('x', 1 + (i % 3))).ToArray();
        for (var walk = 0; walk < 3; walk++)
        {
            for (var i = 0; i < objects.Length; i++)
            {
                ref var number = ref numbers.GetOrAdd(objects[i], out var met);
                Assert.False(met);
                number = i + 2;
            }

            Assert.Equal(objects.Length, numbers.Count);
            for (var i = 0; i < objects.Length; i++)
            {
                Assert.Equal(i + 2, numbers.GetOrAdd(objects[i], out var met));
                Assert.True(met);
            }

            numbers.Clear();
            Assert.Equal(0, numbers.Count);
        }
    }
}
