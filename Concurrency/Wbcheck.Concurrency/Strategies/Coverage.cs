namespace Wbcheck.Concurrency.Strategies;

/// <summary>How the visited-state table answers a visit (<see cref="VisitedStates.Visit"/>).</summary>
internal enum Coverage
{
    /// <summary>Not covered: this visit explores, and is recorded open until it finishes.</summary>
    New,

    /// <summary>Covered by visits whose subtrees were explored whole, with nothing cut.</summary>
    Complete,

    /// <summary>Covered by a finished visit whose subtree was cut (by the bound, the depth, a bug or a cut visit below).</summary>
    Cut,

    /// <summary>Covered by a visit still being explored: the state is on the current path, and this is a cycle back to it.</summary>
    Open,
}
