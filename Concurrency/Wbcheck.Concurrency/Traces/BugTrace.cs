using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Programs;

namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// A found bug and the run that found it: the program and its parameters, the model version, the
/// strategy, seed and iteration, the limits it ran under, and every decision in order. Saved as
/// JSON (<see cref="Save"/>, <see cref="Load(string)"/>), replayed exactly by
/// <see cref="TestingEngine.Replay"/>, shrunk by <see cref="TestingEngine.Minimize"/>, rendered by
/// <see cref="Rendering.TimelineRenderer"/>.
/// </summary>
public sealed class BugTrace
{
    /// <summary>The version of the file format this build writes and reads.</summary>
    public const string FormatVersion = "wbcheck-trace/1";

    public required string Program { get; init; }

    /// <summary>The program's parameters, in ordinal key order.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The model version the trace was recorded against (<see cref="Wbcheck.Model.ModelVersion.Current"/>).</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Identifies program, parameters and model version together; see <see cref="CheckMatches"/>.</summary>
    public string Fingerprint => TraceFingerprint.Of(Program, Parameters, ModelVersion);

    public required string Strategy { get; init; }

    public required ulong Seed { get; init; }

    public required int Iteration { get; init; }

    public required int MaxSteps { get; init; }

    /// <summary>The step from which scheduling was fair and liveness was judged; <see cref="int.MaxValue"/> for never.</summary>
    public required int FairFrom { get; init; }

    public required int LivenessBound { get; init; }

    /// <summary>The run looked for lasso-shaped livelocks (<see cref="TestingConfiguration.LassoLivelocks"/>); replay does too.</summary>
    public bool Lassos { get; init; }

    /// <summary>Produced by <see cref="TestingEngine.Minimize"/> rather than found by a strategy.</summary>
    public bool Minimized { get; init; }

    public required BugReport Bug { get; init; }

    public required IReadOnlyList<TraceStep> Steps { get; init; }

    /// <summary>Switches away from a thread that could have gone on.</summary>
    public int Preemptions => Steps.Count(s => s.Preempts);

    public string ToJson() => TraceJson.Write(this);

    /// <summary>Parse a trace; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TraceLoadException">The text is not a consistent trace of this format and model version.</exception>
    public static BugTrace FromJson(string json, string source = "trace") => TraceJson.Read(json, source);

    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <exception cref="TraceLoadException">The file is missing or not a consistent trace of this format and model version.</exception>
    public static BugTrace Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TraceLoadException($"cannot load trace '{path}': the file does not exist; check the path");
        }

        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>Load a trace and check that it was recorded from <paramref name="program"/>.</summary>
    /// <exception cref="TraceLoadException">As <see cref="Load(string)"/>, or the trace is of another program or parameters.</exception>
    public static BugTrace Load(string path, ITestProgram program)
    {
        var trace = Load(path);
        trace.CheckMatches(program, path);
        return trace;
    }

    /// <summary>Refuse to drive <paramref name="program"/> with this trace unless it was recorded from it.</summary>
    /// <exception cref="TraceLoadException">The program, its parameters or the model version differ.</exception>
    public void CheckMatches(ITestProgram program, string source = "trace")
    {
        if (ModelVersion != Model.ModelVersion.Current)
        {
            throw new TraceLoadException(TraceJson.OtherModelVersion(source, ModelVersion));
        }

        if (TraceFingerprint.Of(program.Name, program.Parameters, Model.ModelVersion.Current) != Fingerprint)
        {
            throw new TraceLoadException(
                $"cannot use trace '{source}': it was recorded from {Describe(Program, Parameters)} but the program given " +
                $"is {Describe(program.Name, program.Parameters)}; replay it against the program it was recorded from, " +
                "or record a new trace");
        }
    }

    internal static BugTrace Record(
        ITestProgram program,
        string strategy,
        ulong seed,
        int iteration,
        in RunSettings settings,
        BugReport bug,
        ReadOnlySpan<TraceStep> steps,
        bool minimized = false) => new()
        {
            Program = program.Name,
            Parameters = Sorted(program.Parameters),
            ModelVersion = Model.ModelVersion.Current,
            Strategy = strategy,
            Seed = seed,
            Iteration = iteration,
            MaxSteps = settings.MaxSteps,
            FairFrom = settings.FairFrom,
            LivenessBound = settings.LivenessBound,
            Lassos = settings.Lassos,
            Minimized = minimized,
            Bug = bug,
            Steps = steps.ToArray(),
        };

    internal RunSettings SettingsFor(ITestProgram program) => new(MaxSteps, FairFrom, LivenessBound, program.Terminates, Lassos);

    internal static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> parameters) =>
        new(parameters.ToDictionary(), StringComparer.Ordinal);

    internal static string Describe(string program, IReadOnlyDictionary<string, string> parameters) =>
        parameters.Count == 0
            ? $"'{program}'"
            : $"'{program}' ({string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
}
