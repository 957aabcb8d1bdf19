namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// One state line a step changed, matched by its key (the text before the first ':'): added
/// (<see cref="Old"/> null), removed (<see cref="New"/> null) or changed.
/// <see cref="Position"/> is where the new line sits in the state after the step (for a removed
/// line, where it sat before).
/// </summary>
internal sealed record StateChange(string Key, string? Old, string? New, int Position);
