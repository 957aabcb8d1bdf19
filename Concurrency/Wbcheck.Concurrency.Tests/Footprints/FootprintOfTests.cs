using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// <see cref="Footprint.Of"/> folds a step's log (ids with a write bit, in any order, repeated)
/// into sorted objects, each once, a write winning over a read: short logs by insertion, long ones
/// by sorting. Both must give what sorting and grouping the log gives.
/// </summary>
public sealed class FootprintOfTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(300)]
    public void The_footprint_is_the_log_grouped_by_object_with_a_write_winning(int length)
    {
        var random = new Random(length);
        var buffer = new ulong[4];
        for (var run = 0; run < 200; run++)
        {
            // Few distinct objects, so that most entries repeat one; ids spread over the whole range.
            var objects = Enumerable.Range(0, 1 + random.Next(length)).Select(_ => (ulong)random.NextInt64(1, long.MaxValue) >> 1).ToArray();
            var log = Enumerable.Range(0, length).Select(_ => (objects[random.Next(objects.Length)] << 1) | (random.Next(2) == 1 ? 1UL : 0UL)).ToArray();
            var expected = log.GroupBy(entry => entry >> 1).OrderBy(group => group.Key)
                .Select(group => (group.Key << 1) | group.Aggregate(0UL, (write, entry) => write | (entry & 1))).ToArray();

            var footprint = Footprint.Of(log.ToArray(), ref buffer);

            Assert.Equal(expected, footprint.Entries.ToArray());
            Assert.False(footprint.Global);
        }
    }

    [Fact]
    public void Steps_are_independent_exactly_when_neither_writes_what_the_other_touches()
    {
        var buffer = new ulong[4];
        var reads = Footprint.Of(new ulong[] { 5 << 1, 9 << 1, 5 << 1 }, ref buffer).Copy();
        var otherReads = Footprint.Of(new ulong[] { 9 << 1, 5 << 1 }, ref buffer).Copy();
        var readThenWrite = Footprint.Of(new ulong[] { 9 << 1, (9 << 1) | 1 }, ref buffer).Copy();
        var elsewhere = Footprint.Of(new ulong[] { (7 << 1) | 1 }, ref buffer).Copy();

        Assert.True(Footprint.Independent(reads, otherReads));
        Assert.False(Footprint.Independent(reads, readThenWrite));
        Assert.True(Footprint.Independent(readThenWrite, elsewhere));
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(3, 200)]
    [InlineData(5, 41)]
    [InlineData(12, 12)]
    public void Independence_of_a_small_and_a_large_footprint_is_the_objects_in_common(int small, int large)
    {
        // A step's footprint against a subtree summary's merged one: the lengths differ many
        // times, and the exact test searches the larger for each object of the smaller.
        var random = new Random(small * 1000 + large);
        var buffer = new ulong[4];
        var found = new[] { 0, 0 };
        for (var run = 0; run < 500; run++)
        {
            // Ids from a small range, so that the two share objects often and the masks do not settle it.
            ulong[] Log(int length) => Enumerable.Range(0, length).Select(_ => ((ulong)random.Next(3 * large) << 1) | (random.Next(4) == 0 ? 1UL : 0UL)).ToArray();
            var a = Footprint.Of(Log(small), ref buffer).Copy();
            var b = Footprint.Of(Log(large), ref buffer).Copy();
            var expected = !a.Entries.ToArray().Any(x => b.Entries.ToArray().Any(y => x >> 1 == y >> 1 && ((x | y) & 1) != 0));

            Assert.Equal(expected, Footprint.Independent(a, b));
            Assert.Equal(expected, Footprint.Independent(b, a));
            found[expected ? 1 : 0]++;
        }

        // Both answers met, or the check proves little.
        Assert.All(found, count => Assert.True(count > 10, $"dependent {found[0]}, independent {found[1]}"));
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(40, 70)]
    [InlineData(2, 200)]
    public void A_summary_union_is_the_footprint_of_both_logs(int left, int right)
    {
        // FootprintUnion merges a summary's sorted footprints: the result must be what folding
        // the two logs together gives, entries and both masks.
        var random = new Random(left * 1000 + right);
        var buffer = new ulong[4];
        var union = new FootprintUnion();
        for (var run = 0; run < 300; run++)
        {
            ulong[] Log(int length) => Enumerable.Range(0, length).Select(_ => ((ulong)random.Next(2 * (left + right)) << 1) | (random.Next(3) == 0 ? 1UL : 0UL)).ToArray();
            var a = Log(left);
            var b = Log(right);
            var expected = Footprint.Of([.. a, .. b], ref buffer).Copy();
            var kept = union.Keep(Footprint.Of(a, ref buffer));

            var merged = union.Of(kept, Footprint.Of(b, ref buffer));

            Assert.Equal(expected.Entries.ToArray(), merged.Entries.ToArray());
            Assert.Equal(expected.Touched, merged.Touched);
            Assert.Equal(expected.Written, merged.Written);
        }
    }
}
