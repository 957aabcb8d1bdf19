using CoyoteMonitor = Microsoft.Coyote.Specifications.Monitor;

namespace Wbcheck.Coyote.Specifications;

/// <summary>
/// The program's safety monitors (tag/flag coherence, accounting, ...) as one Coyote safety
/// specification: after every model step it checks each, and the first that fails is a Coyote
/// assertion failure whose text is our engine's report of it.
/// </summary>
internal sealed class SafetySpecification : CoyoteMonitor
{
    private void Check(Event e)
    {
        if (((StepEnded)e).Iteration.CheckSafety() is { } bug)
        {
            Assert(false, "{0}", CoyoteBugText.Of(bug));
        }
    }

    [Start]
    [OnEventDoAction(typeof(StepEnded), nameof(Check))]
    private sealed class Watching : State
    {
    }
}
