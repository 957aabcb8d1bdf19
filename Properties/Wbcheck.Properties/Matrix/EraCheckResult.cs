using Wbcheck.Model;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Properties.Matrix;

/// <summary>
/// One cell of the matrix: whether <see cref="Property"/> held on <see cref="Era"/> over
/// <see cref="Cases"/> cases, and if not the shrunk counterexample, FsCheck's report (with the
/// invariant and the state that broke it) and the seed that replays it.
/// </summary>
public sealed record EraCheckResult(
    string Property,
    KernelEra Era,
    bool Holds,
    int Cases,
    string? Counterexample,
    string? Report,
    ReplaySeed? Replay,
    TimeSpan Elapsed)
{
    /// <summary>
    /// When the check was given a time limit and reached it first: the cases that ran and passed
    /// (<see cref="Holds"/> is then true, but only for those cases); null when it ran to the end.
    /// </summary>
    public int? StoppedAfter { get; init; }

    /// <summary>
    /// The cases that ran: <see cref="Cases"/> when the property held, the failing case's number
    /// when it failed (the search stops there), what ran before a time limit stopped it.
    /// </summary>
    public int CasesRun { get; init; }

    /// <summary>What the check's case runs noted and did not fail on (<see cref="CaseNotes"/>); null when nothing.</summary>
    public NotedCases? Notes { get; init; }
}
