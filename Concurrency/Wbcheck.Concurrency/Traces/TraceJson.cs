using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// The trace file format. Written by hand rather than by a serializer so that the header reads
/// top-down and each step is one line ("step 12: T3 lock lock_page(5)" in JSON); read through
/// <see cref="JsonDocument"/> and checked field by field, so that every problem is a one-line
/// <see cref="TraceLoadException"/> saying what is wrong and what to do.
/// </summary>
internal static class TraceJson
{
    private const string Edited = "restore the original file or record the trace again";

    public static string Write(BugTrace trace)
    {
        var json = new StringBuilder();
        json.Append("{\n");
        Field(json, 1, "format", Quote(BugTrace.FormatVersion));
        Field(json, 1, "model", Quote(trace.ModelVersion));
        Field(json, 1, "fingerprint", Quote(trace.Fingerprint));
        Field(json, 1, "program", Quote(trace.Program));
        Field(json, 1, "parameters", "{" + string.Join(", ", trace.Parameters.Select(p => $"{Quote(p.Key)}: {Quote(p.Value)}")) + "}");
        Field(json, 1, "strategy", Quote(trace.Strategy));
        Field(json, 1, "seed", trace.Seed.ToString(CultureInfo.InvariantCulture));
        Field(json, 1, "iteration", Number(trace.Iteration));
        Field(json, 1, "maxSteps", Number(trace.MaxSteps));
        Field(json, 1, "fairFrom", trace.FairFrom == int.MaxValue ? "null" : Number(trace.FairFrom));
        Field(json, 1, "livenessBound", Number(trace.LivenessBound));
        if (trace.Lassos)
        {
            // Written only when set, so that traces of runs without it read as they always did.
            Field(json, 1, "lassos", "true");
        }

        Field(json, 1, "minimized", trace.Minimized ? "true" : "false");
        json.Append("  \"bug\": {\n");
        var bug = trace.Bug;
        Field(json, 2, "kind", Quote(TraceNames.Of(bug.Kind)));
        Field(json, 2, "source", Quote(bug.Source));
        Field(json, 2, "step", Number(bug.Step));
        Field(json, 2, "thread", bug.ThreadId is { } id ? Number(id) : "null");
        Field(json, 2, "message", Quote(bug.Message));
        if (bug.CycleStart is { } cycleStart)
        {
            Field(json, 2, "cycleStart", Number(cycleStart));
        }

        List(json, 2, "details", bug.Details.Select(Quote), last: false);
        List(json, 2, "waitFor", bug.WaitFor.Select(WaitFor), last: true);
        json.Append("  },\n");
        List(json, 1, "steps", trace.Steps.Select((s, i) => Step(i, s)), last: true);
        json.Append("}\n");
        return json.ToString();
    }

    public static BugTrace Read(string text, string source)
    {
        using var document = Parse(text, source);
        try
        {
            return Read(document, source);
        }
        catch (InvalidOperationException exception)
        {
            // JsonElement refuses a string it cannot turn into UTF-16 (a lone surrogate escape
            // such as \ud800): the file's fault, not ours.
            throw new TraceLoadException($"cannot load trace '{source}': it holds text that is not valid Unicode ({exception.Message}); {Edited}");
        }
    }

    private static BugTrace Read(JsonDocument document, string source)
    {
        var reader = new TraceFieldReader(source);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format))
        {
            throw reader.Fail("it is not a wbcheck trace (no \"format\" field)", "check that you passed a trace file");
        }

        if (format.ValueKind != JsonValueKind.String || format.GetString() != BugTrace.FormatVersion)
        {
            throw reader.Fail(
                $"its format is {TraceFieldReader.Show(format)} but this build reads {BugTrace.FormatVersion}",
                "record the trace again with this build");
        }

        var model = reader.String(root, "model");
        if (model != Model.ModelVersion.Current)
        {
            throw new TraceLoadException(OtherModelVersion(source, model));
        }

        var program = reader.String(root, "program");
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in reader.Property(root, "parameters", JsonValueKind.Object).EnumerateObject())
        {
            parameters[parameter.Name] = parameter.Value.ValueKind == JsonValueKind.String
                ? parameter.Value.GetString()!
                : throw reader.Fail($"parameter \"{parameter.Name}\" is not a string", Edited);
        }

        var fingerprint = reader.String(root, "fingerprint");
        if (fingerprint != TraceFingerprint.Of(program, parameters, model))
        {
            throw reader.Fail(
                $"its fingerprint {fingerprint} does not match program '{program}' with its parameters: the header was edited",
                Edited);
        }

        var steps = ReadSteps(reader, reader.Property(root, "steps", JsonValueKind.Array));
        var bug = ReadBug(reader, reader.Property(root, "bug", JsonValueKind.Object), steps.Count);
        var fairFrom = reader.Property(root, "fairFrom");
        return new BugTrace
        {
            Program = program,
            Parameters = parameters,
            ModelVersion = model,
            Strategy = reader.String(root, "strategy"),
            Seed = reader.Property(root, "seed", JsonValueKind.Number).TryGetUInt64(out var seed)
                ? seed
                : throw reader.Fail("\"seed\" is not a whole number from 0 to 2^64-1", Edited),
            Iteration = reader.Int(root, "iteration", 0),
            MaxSteps = reader.Int(root, "maxSteps", 1, TestingConfiguration.MaxStepsLimit),
            FairFrom = fairFrom.ValueKind == JsonValueKind.Null ? int.MaxValue : reader.Int(root, "fairFrom", 0),
            LivenessBound = reader.Int(root, "livenessBound", 1),
            Lassos = root.TryGetProperty("lassos", out var lassos) && lassos.ValueKind == JsonValueKind.True,
            Minimized = reader.Property(root, "minimized").ValueKind == JsonValueKind.True,
            Bug = bug,
            Steps = steps,
        };
    }

    public static string OtherModelVersion(string source, string model) =>
        $"cannot load trace '{source}': it was recorded against model {model} but this build is " +
        $"{Model.ModelVersion.Current}, so its decisions would replay against different code; run the test again " +
        "with this build to record a new trace";

    private static JsonDocument Parse(string text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TraceLoadException($"cannot load trace '{source}': the file is empty; record the trace again");
        }

        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var lines = text.TrimEnd().Split('\n').Length;
            var problem = line >= lines
                ? $"it ends before the JSON is complete (line {line}): the file is truncated"
                : $"it is not valid JSON at line {line}, byte {(e.BytePositionInLine ?? 0) + 1}";
            throw new TraceLoadException($"cannot load trace '{source}': {problem}; {Edited}");
        }
    }

    private static List<TraceStep> ReadSteps(TraceFieldReader reader, JsonElement array)
    {
        if (array.GetArrayLength() > TestingConfiguration.MaxStepsLimit)
        {
            throw reader.Fail($"it has {array.GetArrayLength()} steps, over the limit of {TestingConfiguration.MaxStepsLimit}", Edited);
        }

        var steps = new List<TraceStep>(array.GetArrayLength());
        var names = new Dictionary<int, string>();
        var started = new HashSet<int>();
        foreach (var element in array.EnumerateArray())
        {
            var index = steps.Count;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw reader.Fail($"step {index} is not an object", Edited);
            }

            var number = reader.Int(element, "step", 0);
            if (number != index)
            {
                throw reader.Fail($"the steps jump from {index - 1} to {number}: steps were removed or reordered", Edited);
            }

            var at = $"step {index}";
            var thread = reader.Int(element, "thread", -1);
            var name = reader.String(element, "name");
            var kindName = reader.String(element, "kind");
            var label = ParseLabel(reader.String(element, "label"));
            if (!TraceNames.TryParseDecision(kindName, out var kind))
            {
                throw reader.Fail(
                    $"{at} has kind \"{kindName}\", which is none of {string.Join(", ", TraceNames.DecisionKindNames)}", Edited);
            }

            if (names.TryGetValue(thread, out var known) && known != name)
            {
                throw reader.Fail($"{at} names T{thread} \"{name}\" but an earlier step named it \"{known}\"", Edited);
            }

            names[thread] = name;
            TraceStep step;
            if (kind == DecisionKind.Choice)
            {
                var options = reader.Int(element, "options", 2);
                var value = reader.Int(element, "value", 0);
                if (value >= options || !Enum.GetValues<ChoiceKind>().Any(c => TraceNames.LabelOf(c) == label))
                {
                    throw reader.Fail($"{at} chooses {value} of {options} for \"{label}\", which cannot be", Edited);
                }

                step = new TraceStep(thread, name, kind, label, value, options);
            }
            else
            {
                var preempts = element.TryGetProperty("preempts", out var flag) && flag.ValueKind == JsonValueKind.True;
                var firstOfThread = started.Add(thread);
                // A thread's first step may be of any kind (an I/O completion begins at its
                // interrupt), but a start can only be a thread's first step.
                if (thread < 0 || (kind == DecisionKind.Start && !firstOfThread) || (preempts && index == 0))
                {
                    throw reader.Fail(
                        $"{at} ({thread switch { < 0 => "setup", _ => $"T{thread}" }} {kindName} {label}) cannot follow the steps before it",
                        Edited);
                }

                step = new TraceStep(thread, name, kind, label, Preempts: preempts);
            }

            steps.Add(step);
        }

        return steps;
    }

    private static BugReport ReadBug(TraceFieldReader reader, JsonElement element, int stepCount)
    {
        var kindName = reader.String(element, "kind");
        if (!TraceNames.TryParseBug(kindName, out var kind))
        {
            throw reader.Fail($"the bug kind \"{kindName}\" is none of {string.Join(", ", TraceNames.BugKindNames)}", Edited);
        }

        var step = reader.Int(element, "step", -1);
        if (step != stepCount - 1)
        {
            throw reader.Fail($"the bug is at step {step} but the trace has {stepCount} steps, so it ends at {stepCount - 1}", Edited);
        }

        var thread = reader.Property(element, "thread");
        var waitFor = new List<WaitForEdge>();
        if (element.TryGetProperty("waitFor", out _))
        {
            foreach (var edge in reader.Property(element, "waitFor", JsonValueKind.Array).EnumerateArray())
            {
                if (edge.ValueKind != JsonValueKind.Object)
                {
                    throw reader.Fail($"an edge of the wait-for graph is {edge.ValueKind.ToString().ToLowerInvariant()}, not an object", Edited);
                }

                var holder = reader.Property(edge, "holder");
                waitFor.Add(new WaitForEdge(
                    reader.Int(edge, "thread", 0),
                    reader.String(edge, "name"),
                    reader.String(edge, "queue"),
                    reader.String(edge, "label"),
                    holder.ValueKind == JsonValueKind.Null ? null : reader.Int(edge, "holder", 0),
                    reader.OptionalString(edge, "holderName"),
                    reader.OptionalString(edge, "holderNote")));
            }
        }

        return new BugReport
        {
            Kind = kind,
            Source = reader.String(element, "source", allowEmpty: true),
            Step = step,
            ThreadId = thread.ValueKind == JsonValueKind.Null ? null : reader.Int(element, "thread", -1),
            Message = reader.String(element, "message"),
            CycleStart = element.TryGetProperty("cycleStart", out _) ? reader.Int(element, "cycleStart", 0, step) : null,
            Details = element.TryGetProperty("details", out _)
                ? [.. reader.Property(element, "details", JsonValueKind.Array).EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String
                    ? d.GetString()!
                    : throw reader.Fail($"a line of the bug's details is {d.ValueKind.ToString().ToLowerInvariant()}, not a string", Edited))]
                : [],
            WaitFor = waitFor,
        };
    }

    /// <summary>"lock_page(5)" (or "f(LLONG_MAX)") back into its function and argument; anything else is a bare function.</summary>
    internal static StepLabel ParseLabel(string text)
    {
        var open = text.LastIndexOf('(');
        if (open <= 0 || !text.EndsWith(')'))
        {
            return new StepLabel(text);
        }

        var argument = text.AsSpan(open + 1, text.Length - open - 2);
        if (argument.SequenceEqual(StepLabel.LLongMaxText))
        {
            return new StepLabel(text[..open], long.MaxValue);
        }

        return long.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var arg) && arg != StepLabel.NoArg
            ? new StepLabel(text[..open], arg)
            : new StepLabel(text);
    }

    private static string Step(int index, TraceStep step)
    {
        var line = new StringBuilder();
        line.Append($"{{\"step\": {index}, \"thread\": {step.ThreadId}, \"name\": {Quote(step.ThreadName)}, ");
        line.Append($"\"kind\": {Quote(TraceNames.Of(step.Kind))}, \"label\": {Quote(step.Label.ToString())}");
        if (step.IsChoice)
        {
            line.Append($", \"value\": {step.Value}, \"options\": {step.Options}");
        }
        else if (step.Preempts)
        {
            line.Append(", \"preempts\": true");
        }

        return line.Append('}').ToString();
    }

    private static string WaitFor(WaitForEdge edge) =>
        $"{{\"thread\": {edge.ThreadId}, \"name\": {Quote(edge.ThreadName)}, \"queue\": {Quote(edge.Queue)}, " +
        $"\"label\": {Quote(edge.Label)}, \"holder\": {(edge.HolderId is { } id ? Number(id) : "null")}, " +
        $"\"holderName\": {QuoteOrNull(edge.HolderName)}, \"holderNote\": {QuoteOrNull(edge.HolderNote)}}}";

    private static void Field(StringBuilder json, int depth, string name, string value) =>
        json.Append(' ', depth * 2).Append('"').Append(name).Append("\": ").Append(value).Append(",\n");

    private static void List(StringBuilder json, int depth, string name, IEnumerable<string> items, bool last)
    {
        var indent = new string(' ', depth * 2);
        var all = items.ToList();
        json.Append(indent).Append('"').Append(name).Append("\": [");
        if (all.Count > 0)
        {
            json.Append('\n').Append(string.Join(",\n", all.Select(i => indent + "  " + i))).Append('\n').Append(indent);
        }

        json.Append(']').Append(last ? "\n" : ",\n");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    private static string QuoteOrNull(string? text) => text is null ? "null" : Quote(text);
}
