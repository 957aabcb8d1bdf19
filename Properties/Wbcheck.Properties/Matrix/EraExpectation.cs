using System.Collections.Immutable;
using Wbcheck.Model;

namespace Wbcheck.Properties.Matrix;

/// <summary>
/// A property is expected to fail on the eras from <paramref name="From"/> up to (not
/// including) <paramref name="Until"/> (null: to the current era): <paramref name="How"/> says
/// what its counterexample shows, <paramref name="FixedBy"/> the kernel changes those eras lack
/// that the failure comes from. <paramref name="Cases"/>, where given, is the budget of a cell
/// of these eras in place of the property's own: a rare race needs more cases to show, and a
/// failing cell stops at its first counterexample, so only these cells pay for it.
/// </summary>
public sealed record EraExpectation(KernelEra From, KernelEra? Until, ImmutableArray<KernelCommit> FixedBy, string How, int? Cases = null)
{
    public bool Covers(KernelEra era) => era.AtLeast(From) && (Until is not { } until || era.Before(until));
}
