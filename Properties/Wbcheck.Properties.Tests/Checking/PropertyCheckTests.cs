using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Properties.Tests.Checking;

public sealed class PropertyCheckTests
{
    private static Property SmallSums() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 50))), (List<int> values) => values.Sum() < 100);

    [Fact]
    public void A_true_property_passes()
    {
        var report = "";
        PropertyCheck.Run("non-negative", Prop.ForAll((int x) => x * x >= 0), output: text => report = text);

        Assert.Contains("Ok, passed 1000 tests", report);
    }

    [Fact]
    public void A_time_limit_stops_a_check_between_cases_with_the_cases_that_passed()
    {
        var limited = PropertyOptions.Default with { MaxTest = int.MaxValue, TimeLimit = TimeSpan.FromMilliseconds(1) };

        var stopped = Assert.Throws<PropertyTimedOutException>(() => PropertyCheck.Run("non-negative", Prop.ForAll((int x) => x * x >= 0), limited));

        Assert.Equal("non-negative", stopped.Property);
        Assert.InRange(stopped.Cases, 1, int.MaxValue - 1);
        Assert.Contains($"after {stopped.Cases} cases, no counterexample found", stopped.Message);
    }

    [Fact]
    public void A_check_whose_last_case_ends_past_the_time_limit_is_complete_not_stopped()
    {
        var report = "";
        var limited = PropertyOptions.Default with { MaxTest = 1, TimeLimit = TimeSpan.FromTicks(1) };

        PropertyCheck.Run("non-negative", Prop.ForAll((int x) => x * x >= 0), limited, text => report = text);

        Assert.Contains("Ok, passed 1 test", report);
    }

    [Fact]
    public void A_counterexample_found_within_the_time_limit_is_still_a_failure()
    {
        var limited = PropertyOptions.Default with { TimeLimit = TimeSpan.FromHours(1) };

        Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run("small sums", SmallSums(), limited));
    }

    [Fact]
    public void A_false_property_throws_with_a_shrunk_counterexample_and_a_replay_seed()
    {
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run("small sums", SmallSums()));

        Assert.Equal("small sums", failure.Property);
        Assert.Contains("Falsifiable", failure.Message);
        Assert.Contains($"Replay the failing case with seed {failure.Replay}", failure.Message);
        Assert.NotNull(failure.Replay.Size);
    }

    [Fact]
    public void Replaying_the_seed_reproduces_the_same_counterexample()
    {
        var first = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run("small sums", SmallSums()));

        var again = Assert.Throws<PropertyFailedException>(() =>
            PropertyCheck.Run("small sums", SmallSums(), PropertyOptions.Default with { Replay = first.Replay }));

        Assert.Equal(first.Counterexample, again.Counterexample);
    }

    [Theory]
    [InlineData("(1,3)", 1UL, 3UL, null)]
    [InlineData("(15,7,33)", 15UL, 7UL, 33)]
    public void Replay_seeds_parse_as_failures_print_them(string text, ulong seed, ulong gamma, int? size)
    {
        var replay = ReplaySeed.Parse(text);

        Assert.Equal(new ReplaySeed(seed, gamma, size), replay);
        Assert.Equal(text, replay.ToString());
    }

    [Fact]
    public void A_malformed_replay_seed_is_refused_with_the_expected_form()
    {
        var error = Assert.Throws<FormatException>(() => ReplaySeed.Parse("(x,1)"));

        Assert.Contains("expected (seed,gamma)", error.Message);
    }
}
