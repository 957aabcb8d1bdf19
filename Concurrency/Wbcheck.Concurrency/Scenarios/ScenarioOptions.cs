using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>How a race scenario is built: which kernel, how big, and whether in its small form.</summary>
public sealed record ScenarioOptions
{
    public static ScenarioOptions Default { get; } = new();

    public KernelEra Era { get; init; } = KernelEras.Current;

    /// <summary>Pages of the file the scenario works on (each scenario has its own minimum).</summary>
    public int Pages { get; init; } = 4;

    /// <summary>Pages one tag lookup returns: small, so batch boundaries fall inside the file.</summary>
    public int BatchSize { get; init; } = 2;

    /// <summary>
    /// The small configuration, for exhaustive search: threads that would run on without bound
    /// (a dirtier) stop after a few operations, and files are as small as the race allows.
    /// </summary>
    public bool Small { get; init; }

    /// <summary>Bugs switched into the model, to prove the scenario's monitors catch them.</summary>
    public Faults Faults { get; init; } = Faults.None;
}
