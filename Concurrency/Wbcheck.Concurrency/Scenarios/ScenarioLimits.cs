namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The largest scenario a command or a trace may ask for, checked before anything is built (docs/limits.md).
/// At these bounds one iteration takes well under 512 MB and a few seconds.
/// </summary>
public static class ScenarioLimits
{
    /// <summary>Pages of a scenario's file: 64 MB of 4 KB pages. Every step checks every page (the coherence monitors), so an iteration costs pages squared: about 7 s at this bound.</summary>
    public const int MaxPages = 16_384;

    /// <summary>Pages one tag lookup returns (the kernel's own batches hold 15 or 31).</summary>
    public const int MaxBatchSize = 4_096;
}
