namespace Wbcheck.CSource;

/// <summary>
/// Finds the <c>#define</c>s of a C file, so that a citation may name a macro (the model cites
/// a few, such as page flag helpers). A function-like macro is one whose name is followed by '('
/// with no space between, as the preprocessor decides; its body starts after the parameters.
/// </summary>
public static class CMacroExtractor
{
    public static IReadOnlyList<CDefinition> Extract(IReadOnlyList<CToken> tokens)
    {
        var macros = new List<CDefinition>();
        foreach (var directive in tokens.Where(t => t.Kind == CTokenKind.Preprocessor))
        {
            var words = directive.DirectiveTokens.Where(t => t.Kind != CTokenKind.Comment).ToList();
            if (words.Count < 3 || words[1].Text != "define" || words[2].Kind != CTokenKind.Identifier)
            {
                continue;
            }

            var name = words[2];
            var bodyStart = 3;
            if (words.Count > 3 && words[3].Is("(") && words[3].Start == name.End)
            {
                var close = words.FindIndex(4, t => t.Is(")"));
                bodyStart = close < 0 ? words.Count : close + 1;
            }

            var body = words.Skip(bodyStart).ToList();
            macros.Add(new CDefinition(
                name.Text,
                CDefinitionKind.Macro,
                name.Line,
                body.Count > 0 ? body[0].Line : name.Line,
                directive.DirectiveTokens[^1].Line,
                body));
        }

        return macros;
    }
}
