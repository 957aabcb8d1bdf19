namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// A program's declaration that its livelocks may be looked for relative to a cursor
/// (<see cref="RelativeFingerprint"/>), made with
/// <see cref="Programs.ProgramSetup.DeclareShiftedLassos"/>.
/// </summary>
/// <param name="Leader">The thread that runs ahead (a writer appending pages), which the lasso search paces.</param>
/// <param name="Lead">How far the leader is ahead (dirty pages not yet written, say): the paced phase holds it back while this reaches its target.</param>
/// <param name="Proviso">Why every comparison a cycle makes with a page index is shift-invariant: the part no fingerprint checks, stated in the report.</param>
/// <param name="ProportionsDecide">
/// Null: the floating proportions are hashed in their exact relative form (<see cref="ProportionsForm"/>).
/// Else they are left out of the fingerprint altogether, and this says, in a state, why they might
/// decide something from there (null when they cannot): a cycle is a livelock only if it is null in
/// every state of the cycle (<see cref="ShiftedCycleCheck"/>; docs/search.md, "Proportions that decide nothing").
/// </param>
internal sealed record LassoShape(string Leader, Func<long> Lead, string Proviso, Func<string?>? ProportionsDecide = null);
