using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// A node of a wakeup tree (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014, optimal DPOR): a step
/// of <paramref name="Thread"/> with the footprint it had when the race that asked for it was seen,
/// and the steps to take after it, in the order they were asked for (the first is taken first).
/// A node without children ends its sequence: from there DFS takes its default first option.
/// </summary>
internal sealed record WakeupNode(int Thread, Footprint Footprint)
{
    /// <summary>The nodes after this one, leftmost first.</summary>
    public List<WakeupNode> Children { get; } = [];
}
