using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Coyote.Traces;

/// <summary>
/// A bug Coyote found, on disk as two files side by side: Coyote's reproducible trace, unchanged
/// ("NAME.coyote-trace.json", which Coyote's own replay reads), and a small header of ours
/// ("NAME.coyote-header.json"): the scenario, its parameters (era included), the model version, the
/// Coyote settings it ran with, the bug in our terms, and the SHA-256 of the trace file, so that a
/// trace of another scenario, parameter set or model version is refused rather than replayed.
/// </summary>
public sealed class CoyoteTraceFile
{
    public const string Format = "wbcheck-coyote-header/1";
    public const string HeaderSuffix = ".coyote-header.json";
    public const string TraceSuffix = ".coyote-trace.json";

    public required string Program { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required string ModelVersion { get; init; }

    public required CoyoteSettings Settings { get; init; }

    /// <summary>The Coyote iteration (1-based) that found the bug.</summary>
    public required int Iteration { get; init; }

    public required BugKind BugKind { get; init; }

    public required string BugSource { get; init; }

    public required string BugMessage { get; init; }

    /// <summary>Coyote's reproducible trace, as Coyote wrote it.</summary>
    public required string ReproducibleTrace { get; init; }

    /// <summary>Whether <paramref name="path"/> names either file of a Coyote trace.</summary>
    public static bool Recognises(string path) =>
        path.EndsWith(HeaderSuffix, StringComparison.Ordinal) || path.EndsWith(TraceSuffix, StringComparison.Ordinal);

    /// <summary>Write the bug of <paramref name="report"/> as NAME.coyote-header.json and NAME.coyote-trace.json in <paramref name="folder"/>.</summary>
    /// <returns>The header's path.</returns>
    public static string Save(ITestProgram program, CoyoteReport report, string folder, string name)
    {
        var bug = report.Bug ?? throw new InvalidOperationException("Coyote found no bug: no trace to write");
        Directory.CreateDirectory(folder);
        var tracePath = Path.Combine(folder, name + TraceSuffix);
        File.WriteAllText(tracePath, report.ReproducibleTrace);
        var settings = report.Settings;
        var header = new JsonObject
        {
            ["format"] = Format,
            ["program"] = program.Name,
            ["parameters"] = new JsonObject(BugTrace.Sorted(program.Parameters).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["modelVersion"] = Model.ModelVersion.Current,
            ["fingerprint"] = TraceFingerprint.Of(program.Name, program.Parameters, Model.ModelVersion.Current),
            ["coyoteTrace"] = Path.GetFileName(tracePath),
            ["coyoteTraceSha256"] = Sha256(report.ReproducibleTrace!),
            ["strategy"] = settings.Strategy,
            ["seed"] = settings.Seed,
            ["priorityChanges"] = settings.PriorityChanges,
            ["maxSteps"] = settings.MaxSteps,
            ["maxUnfairSteps"] = settings.MaxUnfairSteps,
            ["livenessBound"] = settings.LivenessBound,
            ["iteration"] = report.Iterations,
            ["bug"] = new JsonObject
            {
                ["kind"] = TraceNames.Of(bug.Kind),
                ["source"] = bug.Source,
                ["message"] = bug.Message,
            },
        };
        var headerPath = Path.Combine(folder, name + HeaderSuffix);
        File.WriteAllText(headerPath, header.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return headerPath;
    }

    /// <summary>Read a Coyote trace from either of its files; <paramref name="shown"/> names it in messages.</summary>
    /// <exception cref="TraceLoadException">A file is missing or unreadable, edited, or of another model version.</exception>
    public static CoyoteTraceFile Load(string path, string shown)
    {
        var headerPath = path.EndsWith(TraceSuffix, StringComparison.Ordinal) ? path[..^TraceSuffix.Length] + HeaderSuffix : path;
        if (!File.Exists(headerPath))
        {
            throw new TraceLoadException(
                $"cannot use Coyote trace '{shown}': its header '{Path.GetFileName(headerPath)}' (scenario, era, parameters, model version) " +
                "is not beside it; a Coyote trace replays only with the header wbcheck test --engine coyote wrote");
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(headerPath))?.AsObject()
                ?? throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header is empty");
            string Text(JsonObject node, string key) => node[key]?.GetValue<string>()
                ?? throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header has no '{key}'; restore the file or record the trace again");
            int Number(string key) => root[key]?.GetValue<int>()
                ?? throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header has no '{key}'; restore the file or record the trace again");
            if (Text(root, "format") != Format)
            {
                throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header is of format '{Text(root, "format")}', this build reads '{Format}'");
            }

            var model = Text(root, "modelVersion");
            if (model != Model.ModelVersion.Current)
            {
                throw new TraceLoadException(
                    $"cannot use Coyote trace '{shown}': it was recorded against model {model} but this build is model {Model.ModelVersion.Current}; " +
                    "record the trace again with this build");
            }

            var tracePath = Path.Combine(Path.GetDirectoryName(headerPath) ?? ".", Text(root, "coyoteTrace"));
            if (!File.Exists(tracePath))
            {
                throw new TraceLoadException($"cannot use Coyote trace '{shown}': Coyote's trace '{Path.GetFileName(tracePath)}' is not beside its header");
            }

            var trace = File.ReadAllText(tracePath);
            if (Sha256(trace) != Text(root, "coyoteTraceSha256"))
            {
                throw new TraceLoadException(
                    $"cannot use Coyote trace '{shown}': '{Path.GetFileName(tracePath)}' is not the Coyote trace its header was written with " +
                    "(another scenario's or parameters', or edited); keep each trace with its own header");
            }

            var bug = root["bug"]?.AsObject() ?? throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header has no 'bug'");
            if (!TraceNames.TryParseBug(Text(bug, "kind"), out var kind))
            {
                throw new TraceLoadException($"cannot use Coyote trace '{shown}': unknown bug kind '{Text(bug, "kind")}' in its header");
            }

            var parameters = root["parameters"]?.AsObject()
                ?? throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header has no 'parameters'");
            var loaded = new CoyoteTraceFile
            {
                Program = Text(root, "program"),
                Parameters = new SortedDictionary<string, string>(
                    parameters.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? ""), StringComparer.Ordinal),
                ModelVersion = model,
                Settings = CoyoteSettings.Default with
                {
                    Strategy = Text(root, "strategy"),
                    Seed = (uint)Number("seed"),
                    PriorityChanges = Number("priorityChanges"),
                    MaxSteps = Number("maxSteps"),
                    MaxUnfairSteps = Number("maxUnfairSteps"),
                    LivenessBound = Number("livenessBound"),
                },
                Iteration = Number("iteration"),
                BugKind = kind,
                BugSource = Text(bug, "source"),
                BugMessage = Text(bug, "message"),
                ReproducibleTrace = trace,
            };
            if (TraceFingerprint.Of(loaded.Program, loaded.Parameters, model) != Text(root, "fingerprint"))
            {
                throw new TraceLoadException(
                    $"cannot use Coyote trace '{shown}': its header's scenario or parameters were edited after it was written " +
                    "(they no longer match its fingerprint); restore the file or record the trace again");
            }

            return loaded;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new TraceLoadException($"cannot use Coyote trace '{shown}': its header is not valid ({exception.Message}); restore the file or record the trace again");
        }
        catch (IOException exception)
        {
            throw new TraceLoadException($"cannot use Coyote trace '{shown}': {exception.Message}");
        }
    }

    /// <summary>Refuse to replay this trace against <paramref name="program"/> unless it was recorded from it.</summary>
    /// <exception cref="TraceLoadException">Another program or other parameters.</exception>
    public void CheckMatches(ITestProgram program, string shown)
    {
        if (TraceFingerprint.Of(program.Name, program.Parameters, ModelVersion) != TraceFingerprint.Of(Program, Parameters, ModelVersion))
        {
            throw new TraceLoadException(
                $"cannot use Coyote trace '{shown}': it was recorded from {BugTrace.Describe(Program, Parameters)} but the program given " +
                $"is {BugTrace.Describe(program.Name, program.Parameters)}; replay it against the program it was recorded from");
        }
    }

    /// <summary>Whether <paramref name="bug"/> is the bug this trace records (same kind and same failing monitor, assertion or exception).</summary>
    public bool Records(BugReport bug) => bug.Kind == BugKind && bug.Source == BugSource;

    private static string Sha256(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLower(CultureInfo.InvariantCulture);
}
