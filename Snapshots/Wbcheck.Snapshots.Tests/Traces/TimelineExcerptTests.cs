namespace Wbcheck.Snapshots.Tests.Traces;

/// <summary>The excerpt keeps the header and both ends of a long timeline, and says what it left out.</summary>
public sealed class TimelineExcerptTests
{
    private const string Timeline =
        "program   'p'\nsteps     5, 0 preemptions\n\nstep  thread  point  label\n" +
        "   0  T0 a    start  start\n        + x: 1\n" +
        "   1  T1 b    yield  f\n" +
        "   2  T0 a    yield  g\n        - x: 1\n        + x: 2\n" +
        "   3  setup   choice  io-result = 0 of 2\n" +
        "   4  T1 b    lock   h\n" +
        "=> the bug\n";

    [Fact]
    public void A_long_timeline_keeps_its_header_and_both_ends()
    {
        var cut = TimelineExcerpt.Cut(Timeline, head: 1, tail: 2, details: 5);

        Assert.Equal(
            "program   'p'\nsteps     5, 0 preemptions\n\nstep  thread  point  label\n" +
            "   0  T0 a    start  start\n        + x: 1\n" +
            "   ... steps 1 to 2 (2 steps) left out of this snapshot ...\n" +
            "   3  setup   choice  io-result = 0 of 2\n" +
            "   4  T1 b    lock   h\n" +
            "=> the bug\n",
            cut);
    }

    [Fact]
    public void A_short_timeline_is_kept_whole() => Assert.Equal(Timeline, TimelineExcerpt.Cut(Timeline, head: 3, tail: 2, details: 5));

    [Fact]
    public void Only_the_first_details_of_the_bug_are_kept()
    {
        var timeline = "   0  T0 a    start  start\n=> livelock\n   d1\n   d2\n   d3\n(the states above stop where the replay did)\n";

        Assert.Equal(
            "   0  T0 a    start  start\n=> livelock\n   d1\n   ... 2 more lines of details left out of this snapshot ...\n(the states above stop where the replay did)\n",
            TimelineExcerpt.Cut(timeline, head: 5, tail: 5, details: 1));
    }
}
