using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// One "n/a" row of the expectation table: <see cref="Subject"/> (a scenario, or an invariant the
/// scenarios check) does not apply to the eras from <see cref="From"/> up to (not including)
/// <see cref="Until"/>, for <see cref="Reason"/>. Such a cell neither holds nor fails: the
/// scenario refuses to run there and the invariant is not checked, rather than passing vacuously.
/// </summary>
public sealed record NotApplicableCell(string Subject, KernelEra From, KernelEra? Until, string Reason)
{
    public bool Covers(string subject, KernelEra era) => Subject == subject && era.AtLeast(From) && (Until is not { } until || era.Before(until));
}
