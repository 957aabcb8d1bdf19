namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// A replay could not follow its trace: at <see cref="Step"/> the recorded decision was not
/// possible. The message says what was expected and what the run offered instead.
/// </summary>
internal sealed class TraceDivergedException(int step, string message) : Exception(message)
{
    public int Step { get; } = step;
}
