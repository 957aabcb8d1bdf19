namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The default budgets of one cell check (see <see cref="CellCheck"/>), as the era-table tests
/// and <c>wbcheck matrix</c> use them. Immutable: change it with <c>with</c> or <see cref="WithSeed"/>.
/// </summary>
public sealed record CellBudget
{
    public static CellBudget Default { get; } = new();

    /// <summary>The matrix's budget: <see cref="Default"/> with <see cref="LargerProofs"/>.</summary>
    public static CellBudget Matrix { get; } = new() { LargerProofs = true };

    /// <summary>
    /// Iterations of PCT, then of random scheduling, looking for an expected bug (the search
    /// stops at the first bug, so a cell as expected pays only for the schedules it needs). Set
    /// for the rarest expected bug, bio-redirty-two-walkers on 2.6.20 to 2.6.36 at about 1 in
    /// 600 schedules under either strategy: both miss it with odds of about 1 in 10,000, so
    /// another seed does not change the verdict (500 each missed it about a fifth of the time).
    /// </summary>
    public int FindIterations { get; init; } = 3000;

    /// <summary>Seed of the search for an expected bug.</summary>
    public ulong FindSeed { get; init; } = 1;

    /// <summary>DFS preemption bound on the small configuration of a cell that holds (the issue asks for at least 2).</summary>
    public int PreemptionBound { get; init; } = 2;

    /// <summary>
    /// Schedules after which the DFS of a holding cell gives up, and the cell is reported as not
    /// searched to the end. The largest space, cyclic-wrap-deadlock's small form, has about 244,000.
    /// </summary>
    public int SearchLimit { get; init; } = 1_000_000;

    /// <summary>
    /// Whether the DFS of a holding cell must search its space to the end: a search cut at
    /// <see cref="SearchLimit"/> is then reported as not finished. False accepts the cut search
    /// (which can miss a bug the full one would find), as a filesystem's test suite may.
    /// </summary>
    public bool SearchToTheEnd { get; init; } = true;

    /// <summary>
    /// Whether a holding cell is proven on its proof configuration (<see cref="ProofForms"/>: the
    /// full form, 6 pages where the scenario sizes its file) rather than on its small form (2
    /// pages, bounded threads). The matrix does (<see cref="Matrix"/>); the era-table tests and a
    /// filesystem's checks by default do not, to keep a test suite's time: the larger proofs take
    /// minutes of CPU, the small ones seconds.
    /// </summary>
    public bool LargerProofs { get; init; }

    /// <summary>Iterations of PCT on the full configuration of a cell that holds, after the DFS.</summary>
    public int HoldsIterations { get; init; } = 300;

    /// <summary>Seed of that PCT run.</summary>
    public ulong HoldsSeed { get; init; } = 7;

    /// <summary>Both searches seeded with <paramref name="seed"/>.</summary>
    public CellBudget WithSeed(ulong seed) => this with { FindSeed = seed, HoldsSeed = seed };
}
