namespace Wbcheck.CSource;

/// <summary>The definitions of one C file: its functions in file order, and its macros.</summary>
public sealed record CSourceFile(IReadOnlyList<CDefinition> Functions, IReadOnlyList<CDefinition> Macros)
{
    public static CSourceFile Parse(string text)
    {
        var tokens = CTokenizer.Tokenize(text);
        return new CSourceFile(CFunctionExtractor.Extract(tokens), CMacroExtractor.Extract(tokens));
    }

    /// <summary>
    /// Every definition of <paramref name="name"/>: its function definitions (several when each
    /// branch of a conditional defines it), or else its macro definitions; empty when there is none.
    /// </summary>
    public IReadOnlyList<CDefinition> Find(string name)
    {
        var functions = Functions.Where(f => f.Name == name).ToList();
        return functions.Count > 0 ? functions : Macros.Where(m => m.Name == name).ToList();
    }
}
