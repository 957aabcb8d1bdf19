namespace Wbcheck.CSource;

/// <summary>
/// A token of C source. <see cref="Start"/> and <see cref="End"/> delimit its raw text and
/// <see cref="Line"/> is the (1-based) line it starts on. <see cref="Text"/> is the raw text,
/// except for a directive: there it is the directive's tokens without comments or line
/// continuations, joined by single spaces, so that re-indenting a directive inside a function
/// body does not change the body's fingerprint.
/// </summary>
public sealed record CToken(CTokenKind Kind, string Text, int Line, int Start, int End)
{
    /// <summary>For a directive, the tokens it is made of (its <c>#</c> first); empty otherwise.</summary>
    public IReadOnlyList<CToken> DirectiveTokens { get; init; } = [];

    public bool Is(string punctuator) => Kind == CTokenKind.Punctuator && Text == punctuator;

    public override string ToString() => $"{Kind} '{Text}' (line {Line})";
}
