namespace Wbcheck.Model;

/// <summary>
/// One era: the kernel version it starts at, what changed there, and the commit that ended it
/// (null for the current era).
/// </summary>
public sealed record EraInfo(KernelEra Era, string Version, string Summary, KernelCommit? EndedBy);
