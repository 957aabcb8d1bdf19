using Wbcheck.Concurrency.Runtime;

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
}
