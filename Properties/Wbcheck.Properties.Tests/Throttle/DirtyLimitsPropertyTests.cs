using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The limits' relations hold on the model, and each is seen to fail on a model with the bug it
/// exists to catch, shrunk to the smallest machine that shows it. The fault tests cannot miss in
/// practice: measured over 1000 generated cases each bug shows in at least 14% of them (division
/// by zero, which needs an all-highmem machine and a low-memory mapping; the others 39% to 90%),
/// so 1000 cases miss it with odds below 10^-60.
/// </summary>
public sealed class DirtyLimitsPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void The_limits_relations_hold_for_any_sysctls_and_memory()
    {
        PropertyCheck.Run(DirtyLimitsProperty.Name, DirtyLimitsProperty.For(Faults.None), output: output.WriteLine);
    }

    [Fact]
    public void Background_not_kept_below_dirty_is_caught_on_the_smallest_case()
    {
        var failure = Fail(Faults.None with { NoBackgroundBelowDirtyClamp = true });

        Assert.Contains("the background ratio 5% is not below the dirty ratio 5%", failure.Message);
        Assert.Equal(
            "1 page(s), 0 high; dirty_ratio 0, dirty_background_ratio 5; mapped 0, anon 0; any-memory mapping; ordinary task",
            failure.Counterexample);
    }

    [Fact]
    public void A_missing_five_percent_floor_is_caught_on_the_smallest_case()
    {
        var failure = Fail(Faults.None with { NoDirtyRatioFloor = true });

        Assert.Contains("the clamped dirty_ratio 0% is below the 5% floor", failure.Message);
        Assert.Equal(
            "1 page(s), 0 high; dirty_ratio 0, dirty_background_ratio 0; mapped 0, anon 0; any-memory mapping; ordinary task",
            failure.Counterexample);
    }

    [Fact]
    public void Division_by_zero_on_an_all_highmem_machine_is_caught_on_the_smallest_case()
    {
        var failure = Fail(Faults.None with { UnmappedRatioOfAvailableMemory = true });

        Assert.Contains("DivideByZeroException", failure.Message);
        Assert.Equal(
            "1 page(s), 1 high; dirty_ratio 0, dirty_background_ratio 0; mapped 0, anon 0; low-memory mapping; ordinary task",
            failure.Counterexample);
    }

    [Fact]
    public void Thirty_two_bit_overflow_is_caught_on_a_machine_one_page_short_of_which_passes()
    {
        var faults = Faults.None with { DirtyLimitsIn32Bits = true };
        LimitsCase? smallest = null;
        var property = FsCheck.Fluent.Prop.ForAll(LimitsCase.Arbitrary, c =>
        {
            var violation = DirtyLimitsProperty.Check(c, faults);
            if (violation is not null)
            {
                smallest = c;
            }

            return violation is null;
        });

        Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(DirtyLimitsProperty.Name, property));

        // The last failing case is the shrunk one: one page less memory no longer overflows.
        Assert.NotNull(smallest);
        Assert.Contains("OverflowException", DirtyLimitsProperty.Check(smallest, faults));
        Assert.Null(DirtyLimitsProperty.Check(smallest with { TotalPages = smallest.TotalPages - 1, TotalHighPages = Math.Min(smallest.TotalHighPages, smallest.TotalPages - 1) }, faults));
        Assert.True(smallest.TotalPages > int.MaxValue / 100);
    }

    private static PropertyFailedException Fail(Faults faults) =>
        Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(DirtyLimitsProperty.Name, DirtyLimitsProperty.For(faults)));
}
