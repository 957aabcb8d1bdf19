namespace Wbcheck.Cli.Matrix;

/// <summary>
/// What checking one cell cost, for <c>matrix --json</c>: its wall and CPU seconds (which vary
/// from run to run) and the work done (which does not): each search run with its schedules and
/// steps, or a property's cases.
/// </summary>
/// <param name="Seconds">Wall-clock seconds of the cell, its minimization included.</param>
/// <param name="CpuSeconds">CPU seconds of the cell's thread, where the system says; null elsewhere.</param>
/// <param name="Runs">The scenario's search runs, in order (empty for a property or an n/a cell).</param>
/// <param name="Cases">The property's cases checked (to the first failure when it fails); null for a scenario.</param>
/// <param name="MinimizeSeconds">Wall-clock seconds spent minimizing the bug found; null when none was.</param>
internal sealed record CellCost(double Seconds, double? CpuSeconds, IReadOnlyList<RunCost> Runs, int? Cases, double? MinimizeSeconds)
{
    public static CellCost None { get; } = new(0, null, [], null, null);

    public CellCost Timed(TimeSpan wall, TimeSpan? cpu) => this with { Seconds = Math.Round(wall.TotalSeconds, 2), CpuSeconds = cpu is { } c ? Math.Round(c.TotalSeconds, 2) : null };
}

/// <summary>
/// One search run of a scenario cell: its strategy ("dfs" on the cell's proof configuration, "pct"
/// or "random" on its full one), the schedules and steps it ran, and its wall-clock seconds.
/// </summary>
internal sealed record RunCost(string Strategy, int Schedules, long Steps, double Seconds);
