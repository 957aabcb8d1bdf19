namespace Wbcheck.Properties.Checking;

/// <summary>How a property is checked: how many cases, and optionally the run to replay.</summary>
public sealed record PropertyOptions
{
    public static PropertyOptions Default { get; } = new();

    /// <summary>Cases to try (FsCheck's MaxTest).</summary>
    public int MaxTest { get; init; } = 1000;

    /// <summary>Largest size generators are asked for.</summary>
    public int EndSize { get; init; } = 100;

    /// <summary>
    /// Cases over which the size grows from FsCheck's start to <see cref="EndSize"/>; the cases
    /// after them are all of <see cref="EndSize"/>, drawn from the seeds FsCheck would have used
    /// for them. Null, or a ramp of at least <see cref="MaxTest"/> cases: the size grows over all
    /// of them, as FsCheck does, so a larger budget spends its first cases on small sizes.
    /// </summary>
    public int? SizeRamp { get; init; }

    /// <summary>Replay this seed instead of a fresh random one (from a failure's "Replay" line).</summary>
    public ReplaySeed? Replay { get; init; }

    /// <summary>
    /// Stop between two cases once this long has passed (FsCheck itself has no time budget): the
    /// check then throws <see cref="PropertyTimedOutException"/> with the cases that passed.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }
}
