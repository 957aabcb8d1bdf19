using Wbcheck.CSource;

namespace Wbcheck.Conformance.Source;

/// <summary>
/// Cuts kernel functions out of a kernel tree with the project's C tokenizer and function
/// extractor (the ones source-map uses). A function's declaration starts after the last token
/// at file scope that ends something else: a ';', a '}', a comment or a directive.
/// </summary>
public sealed class KernelFunctionReader(KernelSource tree)
{
    private readonly Dictionary<string, (string Text, IReadOnlyList<CToken> Tokens, IReadOnlyList<CDefinition> Functions)> files = [];

    public KernelSource Tree { get; } = tree;

    public static KernelFunctionReader Open(string folder)
    {
        try
        {
            return new KernelFunctionReader(KernelSource.Open(folder));
        }
        catch (KernelSourceException exception)
        {
            throw new ConformanceException(exception.Message, exception);
        }
    }

    /// <summary>
    /// The file holding <paramref name="file"/> of <paramref name="version"/> (or of a later version
    /// up to <paramref name="through"/>), or null when the tree lacks it.
    /// </summary>
    public string? TryResolveFile(string file, string version, string? through = null)
    {
        var resolution = Tree.Resolve(file, version);
        return resolution.Path is null || !KernelVersions.Fits(resolution.Version, version, through) ? null : resolution.Path;
    }

    /// <summary>The file holding <paramref name="file"/> of <paramref name="version"/> (up to <paramref name="through"/>); throws when the tree lacks it.</summary>
    public string ResolveFile(string file, string version, string? through = null)
    {
        var resolution = Tree.Resolve(file, version);
        if (resolution.Path is null || !KernelVersions.Fits(resolution.Version, version, through))
        {
            var wanted = through is null ? version : $"{version} to {through}";
            var note = resolution.Note ?? (resolution.Version is null ? null : $"the tree is {resolution.Version}");
            throw new ConformanceException($"{Tree.Root} has no {file} of {wanted}{(note is null ? "" : $" ({note})")}");
        }

        return resolution.Path;
    }

    /// <summary>The function <paramref name="name"/> of <paramref name="file"/> as kernel <paramref name="version"/> had it.</summary>
    public KernelFunction Read(string file, string version, string name) => ReadFrom(ResolveFile(file, version), name);

    /// <summary>The function <paramref name="name"/> of the C file at <paramref name="path"/>.</summary>
    public KernelFunction ReadFrom(string path, string name) => Cut(path, Parse(path), name);

    /// <summary>Whether the C file at <paramref name="path"/> defines the function <paramref name="name"/>.</summary>
    public bool Defines(string path, string name) => Parse(path).Functions.Any(f => f.Name == name);

    /// <summary>Whether C text read with <see cref="ReadFromText"/> under <paramref name="label"/> defines <paramref name="name"/>.</summary>
    public bool DefinesInText(string label, string text, string name) => ParseText(label, text).Functions.Any(f => f.Name == name);

    /// <summary>The function <paramref name="name"/> of C text (a patch's reconstruction), reported as coming from <paramref name="label"/>.</summary>
    public KernelFunction ReadFromText(string label, string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cut(label, ParseText(label, text), name);
    }

    private (string Text, IReadOnlyList<CToken> Tokens, IReadOnlyList<CDefinition> Functions) ParseText(string label, string text)
    {
        if (!files.TryGetValue(label, out var parsed))
        {
            var tokens = CTokenizer.Tokenize(text);
            parsed = (text, tokens, CFunctionExtractor.Extract(tokens));
            files[label] = parsed;
        }

        return parsed;
    }

    private static KernelFunction Cut(string path, (string Text, IReadOnlyList<CToken> Tokens, IReadOnlyList<CDefinition> Functions) parsed, string name)
    {
        var (text, tokens, functions) = parsed;
        var definitions = functions.Where(f => f.Name == name).ToList();
        if (definitions.Count == 0)
        {
            // Named with a parenthesis after it yet not cut out: a bracket left open before it
            // hides the definition from the extractor (gcc never sees the file).
            var named = tokens.Select((t, i) => (t, i)).Any(x => x.t.Text == name && x.i + 1 < tokens.Count && tokens[x.i + 1].Is("("));
            throw new ConformanceException(named
                ? $"{path} has no function {name} that can be cut out: it is named there, but not as a definition at file scope (is a bracket before it left open?)"
                : $"{path} has no function {name}");
        }

        if (definitions.Count > 1)
        {
            throw new ConformanceException($"{path} defines {name} {definitions.Count} times (in branches of a conditional); the shim cannot choose");
        }

        var body = definitions[0].Body;
        var open = IndexOf(tokens, body[0]);
        var first = open;
        while (first > 0 && !EndsSomething(tokens[first - 1]))
        {
            first--;
        }

        var start = tokens[first].Start;
        var prototype = text[start..body[0].Start].Trim() + ";";
        return new KernelFunction(name, path, tokens[first].Line, text[start..body[^1].End], prototype);
    }

    private static bool EndsSomething(CToken token) =>
        token.Kind is CTokenKind.Comment or CTokenKind.Preprocessor || token.Is(";") || token.Is("}");

    private static int IndexOf(IReadOnlyList<CToken> tokens, CToken token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Start == token.Start)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"the body of a definition is not among its file's tokens ({token})");
    }

    private (string Text, IReadOnlyList<CToken> Tokens, IReadOnlyList<CDefinition> Functions) Parse(string path)
    {
        if (files.TryGetValue(path, out var parsed))
        {
            return parsed;
        }

        try
        {
            return ParseText(path, File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConformanceException($"cannot read {path}: {exception.Message}", exception);
        }
    }
}
