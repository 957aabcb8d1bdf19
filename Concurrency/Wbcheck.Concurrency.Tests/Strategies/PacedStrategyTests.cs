using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Strategies;

/// <summary>
/// The lasso search replays a recorded prefix in the program's smaller configurations too, where
/// it may stop fitting: the pacing then takes over instead of the search failing.
/// </summary>
public sealed class PacedStrategyTests
{
    private static readonly TraceStep[] Recorded =
    [
        new(0, "sync", DecisionKind.Start, new StepLabel("start")),
        new(1, "writer", DecisionKind.Start, new StepLabel("start")),
        new(1, "writer", DecisionKind.Choice, new StepLabel("choose"), Value: 3, Options: 4),
    ];

    [Fact]
    public void A_prefix_that_stops_fitting_gives_way_to_the_pacing_and_its_choices_to_the_first_option()
    {
        var paced = new PacedStrategy(Recorded, prefix: 3, target: 1);

        Assert.Equal(0, paced.NextThread(new SchedulingStep(0, [0, 1], -1, false, null!)));
        Assert.False(paced.Diverged);

        // The recorded T1 is not enabled here (another configuration blocks it): T2 runs.
        Assert.Equal(2, paced.NextThread(new SchedulingStep(1, [2], 0, false, null!)));
        Assert.True(paced.Diverged);
        Assert.Equal(0, paced.NextChoice(new ChoicePoint(2, 2, ChoiceKind.IoResult, 4)));
    }

    [Fact]
    public void A_prefix_that_fits_is_followed_choices_included()
    {
        var paced = new PacedStrategy(Recorded, prefix: 3, target: 1);

        Assert.Equal(0, paced.NextThread(new SchedulingStep(0, [0, 1], -1, false, null!)));
        Assert.Equal(1, paced.NextThread(new SchedulingStep(1, [0, 1], 0, true, null!)));
        Assert.Equal(3, paced.NextChoice(new ChoicePoint(2, 1, ChoiceKind.IoResult, 4)));
        Assert.False(paced.Diverged);
    }
}
