using System.Text.Json;

namespace Wbcheck.Concurrency.Traces;

/// <summary>Reads the fields of a trace file, failing with a one-line message naming the field.</summary>
internal sealed class TraceFieldReader(string source)
{
    private const string Edited = "restore the original file or record the trace again";

    public TraceLoadException Fail(string problem, string action) => new($"cannot load trace '{source}': {problem}; {action}");

    public JsonElement Property(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) ? value : throw Fail($"the field \"{name}\" is missing", Edited);

    public JsonElement Property(JsonElement owner, string name, JsonValueKind kind)
    {
        var value = Property(owner, name);
        return value.ValueKind == kind
            ? value
            : throw Fail($"the field \"{name}\" should be {Article(kind)} but is {value.ValueKind.ToString().ToLowerInvariant()}", Edited);
    }

    public string String(JsonElement owner, string name, bool allowEmpty = false)
    {
        var value = Property(owner, name, JsonValueKind.String).GetString()!;
        return allowEmpty || value.Length > 0 ? value : throw Fail($"the field \"{name}\" is empty", Edited);
    }

    public string? OptionalString(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int Int(JsonElement owner, string name, int minimum, int maximum = int.MaxValue)
    {
        var value = Property(owner, name, JsonValueKind.Number);
        return value.TryGetInt32(out var number) && number >= minimum && number <= maximum
            ? number
            : throw Fail(
                $"the field \"{name}\" is {Show(value)}, not a whole number {(maximum == int.MaxValue ? $"of at least {minimum}" : $"from {minimum} to {maximum}")}",
                Edited);
    }

    /// <summary>A value as the file has it, on one line and cut short: messages are one line.</summary>
    public static string Show(JsonElement value)
    {
        const int Longest = 40;
        var text = value.GetRawText().ReplaceLineEndings(" ");
        return text.Length <= Longest ? text : text[..Longest] + "...";
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
