namespace Wbcheck.Concurrency.Programs;

/// <summary>
/// A program the engine tests: a race scenario against the kernel model, or a small program of its
/// own. Each iteration the engine calls <see cref="Setup"/> with a fresh runtime; the program
/// creates its state, spawns its threads and registers its monitors there, and nowhere else.
/// </summary>
/// <remarks>
/// Parallel workers call <see cref="Setup"/> concurrently: keep all mutable state in objects that
/// <see cref="Setup"/> creates, never in fields or statics shared between iterations (that would
/// also make the program nondeterministic, which DFS and replay detect).
/// </remarks>
public interface ITestProgram
{
    /// <summary>A stable name, recorded in traces and used to find the program again (e.g. "abba-deadlock").</summary>
    string Name { get; }

    /// <summary>
    /// What the program was built with, e.g. era=2.6.20, pages=4. Recorded in traces and part of
    /// their fingerprint (with the model version), so a trace only replays against the same program.
    /// </summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// The program ends by itself under fair scheduling: running past the maximum number of steps
    /// is then a bug. A program with a thread that runs forever (a writer that keeps dirtying
    /// pages) is not terminating: an iteration simply stops at the maximum.
    /// </summary>
    bool Terminates { get; }

    /// <summary>Build one iteration: state, threads (<see cref="ProgramSetup.Runtime"/>), monitors.</summary>
    void Setup(ProgramSetup setup);
}
