using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>A nondeterministic choice the strategy must answer.</summary>
/// <param name="Index">The number of this decision in the trace.</param>
/// <param name="ThreadId">The thread choosing (-1: the program's setup).</param>
/// <param name="Kind">What the choice decides.</param>
/// <param name="Count">How many values there are; at least 2.</param>
internal readonly record struct ChoicePoint(int Index, int ThreadId, ChoiceKind Kind, int Count);
