namespace Wbcheck.Properties.Checking;

/// <summary>
/// What the cases of one check noted and did not fail on (an era's known budget overshoot,
/// <see cref="Writeback.Running.KnownBudgetOvershoot"/>): how many case runs noted something,
/// shrinking's runs included, and the first note, so that a cell that holds or fails on its own
/// invariant still says what it let pass. Per OS thread, as <see cref="Model.EraBoundaries"/> is:
/// a matrix cell and its property cases run on one thread.
/// </summary>
public static class CaseNotes
{
    [ThreadStatic]
    private static int runs;

    [ThreadStatic]
    private static string? first;

    /// <summary>A case run noted <paramref name="note"/> (once per run: a run notes only its first).</summary>
    public static void Note(string note)
    {
        runs++;
        first ??= note;
    }

    /// <summary>What this thread's case runs noted since the last call, or null if nothing; forgets it.</summary>
    public static NotedCases? Take()
    {
        NotedCases? taken = runs == 0 ? null : new NotedCases(runs, first!);
        runs = 0;
        first = null;
        return taken;
    }
}

/// <summary><paramref name="Runs"/> case runs noted something, the first of them <paramref name="First"/>.</summary>
public sealed record NotedCases(int Runs, string First)
{
    /// <summary>One line for reports.</summary>
    public override string ToString() =>
        $"noted, not failed, in {Runs} case run{(Runs == 1 ? "" : "s")} (a failing check's shrinking runs counted too), the first: {First}";
}
