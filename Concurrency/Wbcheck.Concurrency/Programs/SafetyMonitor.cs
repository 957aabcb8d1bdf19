namespace Wbcheck.Concurrency.Programs;

/// <summary>
/// An invariant checked after every step: the check returns null while it holds, else what is
/// wrong. <paramref name="OfStateAlone"/>: the check is a function of the program's state alone
/// (it keeps nothing between calls), so a state already checked need not be checked again.
/// </summary>
internal sealed record SafetyMonitor(string Name, Func<string?> Check, bool OfStateAlone = false);
