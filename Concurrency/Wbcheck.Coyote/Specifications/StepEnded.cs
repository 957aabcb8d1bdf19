using Wbcheck.Coyote.Runtime;
using CoyoteMonitor = Microsoft.Coyote.Specifications.Monitor;

namespace Wbcheck.Coyote.Specifications;

/// <summary>Sent to the specifications after every model step: the iteration whose state they check.</summary>
internal sealed class StepEnded(CoyoteIteration iteration) : CoyoteMonitor.Event
{
    public CoyoteIteration Iteration { get; } = iteration;
}
