namespace Wbcheck.Concurrency.Execution;

/// <summary>A schedule was cut short by its time budget (a <c>--timeout</c>) at <paramref name="step"/>: no finding either way.</summary>
internal sealed class RunTimedOutException(int step) : Exception($"stopped by the time limit at step {step}")
{
    public int Step { get; } = step;
}
