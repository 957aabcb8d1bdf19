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

    [Fact]
    public void After_the_size_ramp_the_cases_are_those_FsCheck_draws_at_the_largest_size()
    {
        var seed = new ReplaySeed(20240309, Golden);
        var plain = new List<(int Size, int Value)>();
        var shortRun = new List<(int Size, int Value)>();
        var ramped = new List<(int Size, int Value)>();

        PropertyCheck.Run("plain", Recording(plain), PropertyOptions.Default with { MaxTest = 300, Replay = seed });
        PropertyCheck.Run("short", Recording(shortRun), PropertyOptions.Default with { MaxTest = 100, Replay = seed });
        PropertyCheck.Run("ramped", Recording(ramped), PropertyOptions.Default with { MaxTest = 300, Replay = seed, SizeRamp = 100 });

        Assert.Equal(shortRun, ramped.Take(100));
        Assert.All(ramped.Skip(100), c => Assert.Equal(100, c.Size));
        Assert.Equal(plain.Select(c => c.Value), ramped.Select(c => c.Value));
        Assert.Contains(plain.Skip(100), c => c.Size < 100);
    }

    [Fact]
    public void A_ramp_as_long_as_the_budget_changes_nothing()
    {
        var seed = new ReplaySeed(20240309, Golden);
        var plain = new List<(int Size, int Value)>();
        var ramped = new List<(int Size, int Value)>();

        PropertyCheck.Run("plain", Recording(plain), PropertyOptions.Default with { MaxTest = 300, Replay = seed });
        PropertyCheck.Run("ramped", Recording(ramped), PropertyOptions.Default with { MaxTest = 300, Replay = seed, SizeRamp = 300 });

        Assert.Equal(plain, ramped);
    }

    [Fact]
    public void A_failure_after_the_size_ramp_counts_the_ramps_cases_and_replays_from_its_seed()
    {
        // Fails only at the largest size, one case in 50 there.
        var property = Prop.ForAll(Arb.From(Gen.Sized(size => Gen.Choose(0, 49).Select(x => (size, x)))), ((int Size, int X) c) => c.Size < 100 || c.X != 0);
        var options = PropertyOptions.Default with { MaxTest = 1000, SizeRamp = 300, Replay = new ReplaySeed(7, Golden) };

        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run("rare", property, options));
        var again = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run("rare", property, PropertyOptions.Default with { Replay = failure.Replay }));

        Assert.InRange(failure.Cases, 301, 1000);
        Assert.Contains($"after {failure.Cases} tests", failure.Message);
        Assert.Equal(100, failure.Replay.Size);
        Assert.Equal(failure.Counterexample, again.Counterexample);
    }

    [Fact]
    public void A_time_limit_after_the_size_ramp_counts_the_ramps_cases()
    {
        var limited = PropertyOptions.Default with { MaxTest = int.MaxValue, SizeRamp = 2, TimeLimit = TimeSpan.FromMilliseconds(200) };

        var stopped = Assert.Throws<PropertyTimedOutException>(() => PropertyCheck.Run("slow", Prop.ForAll((int x) => Thread.Sleep(1)), limited));

        Assert.InRange(stopped.Cases, 3, int.MaxValue - 1);
    }

    /// <summary>FsCheck's golden gamma, that of <c>new Rnd(seed)</c>.</summary>
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>A property that holds and records each case's size and a value drawn from its seed.</summary>
    private static Property Recording(List<(int Size, int Value)> cases) =>
        Prop.ForAll(Arb.From(Gen.Sized(size => Gen.Choose(0, int.MaxValue).Select(v => (size, v)))), ((int Size, int Value) c) => cases.Add(c));

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
