namespace Wbcheck.CSource;

/// <summary>
/// A function (or macro) defined in a C file. For a function, <see cref="Body"/> runs from its
/// opening brace to its closing brace inclusive, with the comments and directives between them;
/// for a macro, it is the replacement list.
/// </summary>
public sealed record CDefinition(
    string Name,
    CDefinitionKind Kind,
    int NameLine,
    int BodyStartLine,
    int BodyEndLine,
    IReadOnlyList<CToken> Body);
