using Wbcheck.Concurrency.Programs;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// A program whose configuration bounds a lasso's cycle from below: a cycle must bring back all
/// the state the fingerprint compares, so a counter that resets every N pages makes every cycle a
/// multiple of N pages, and a walk that holds a whole bio's pages makes it a multiple of a bio.
/// Smaller configurations in which the same livelock may close a shorter lasso; the minimizer tries
/// them when asked (<see cref="TestingEngine.MinimizeConfiguration"/>), and a trace found in one
/// records its parameters, so it replays against that configuration.
/// </summary>
public interface ILassoConfigurations
{
    /// <summary>
    /// The smaller configurations worth a lasso search, smallest first: a later one changes less,
    /// and wins a tie; none if none is smaller.
    /// </summary>
    IEnumerable<ITestProgram> SmallerConfigurations();
}
