namespace Wbcheck.CSource;

/// <summary>The kinds of token <see cref="CTokenizer"/> produces.</summary>
public enum CTokenKind
{
    Identifier,
    Number,
    String,
    Character,
    Punctuator,

    /// <summary>A whole preprocessor directive, from its <c>#</c> to the end of its last continued line.</summary>
    Preprocessor,

    /// <summary>A <c>//</c> or <c>/* */</c> comment; kept so spans stay faithful, dropped from fingerprints.</summary>
    Comment,
}
