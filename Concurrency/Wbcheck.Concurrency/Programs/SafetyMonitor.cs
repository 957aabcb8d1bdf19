namespace Wbcheck.Concurrency.Programs;

/// <summary>An invariant checked after every step: the check returns null while it holds, else what is wrong.</summary>
internal sealed record SafetyMonitor(string Name, Func<string?> Check);
