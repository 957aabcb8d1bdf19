namespace Wbcheck.CSource;

/// <summary>
/// A small C tokenizer: enough of translation phases 1 to 3 to find function bodies and compare
/// them token by token. It never fails: an unterminated comment runs to the end of the file and an
/// unterminated string or character literal to the end of its line, as a compiler would report
/// them, because the files it reads are whatever a kernel tree (or a web page saved from one)
/// holds. Backslash-newline continuations are honoured between tokens, inside literals and
/// comments, and they keep a directive going; they are not honoured inside identifiers, which the
/// kernel never splits.
/// </summary>
public sealed class CTokenizer
{
    // Longest first, so that "<<=" is not read as "<<" then "=".
    private static readonly string[] MultiCharacterPunctuators =
    [
        "...", "<<=", ">>=",
        "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
    ];

    private readonly string source;
    private int position;
    private int line = 1;

    private CTokenizer(string source) => this.source = source;

    public static IReadOnlyList<CToken> Tokenize(string source) => new CTokenizer(source).Run();

    private List<CToken> Run()
    {
        var tokens = new List<CToken>();
        var atLineStart = true;
        while (true)
        {
            if (SkipWhitespace(stopAtNewline: false))
            {
                atLineStart = true;
            }

            if (position >= source.Length)
            {
                return tokens;
            }

            // A '#' is a directive only as the first token of a line; comments count as white space.
            if (source[position] == '#' && atLineStart)
            {
                tokens.Add(ScanDirective());
                atLineStart = false;
                continue;
            }

            var token = ScanToken();
            tokens.Add(token);
            if (token.Kind != CTokenKind.Comment)
            {
                atLineStart = false;
            }
        }
    }

    /// <summary>Skips white space and line continuations; says whether a line ended on the way.</summary>
    private bool SkipWhitespace(bool stopAtNewline)
    {
        var crossedNewline = false;
        while (position < source.Length)
        {
            var c = source[position];
            if (c == '\n')
            {
                if (stopAtNewline)
                {
                    return crossedNewline;
                }

                line++;
                position++;
                crossedNewline = true;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                position++;
            }
            else if (c == '\\' && LineContinuationLength(position) is var length and > 0)
            {
                position += length;
                line++;
            }
            else
            {
                break;
            }
        }

        return crossedNewline;
    }

    /// <summary>
    /// The length of a backslash-newline at <paramref name="at"/>, or 0. Like GCC, white space
    /// between the backslash and the newline is tolerated.
    /// </summary>
    private int LineContinuationLength(int at)
    {
        var next = at + 1;
        while (next < source.Length && source[next] is ' ' or '\t' or '\r')
        {
            next++;
        }

        return next < source.Length && source[next] == '\n' ? next + 1 - at : 0;
    }

    private CToken ScanDirective()
    {
        var start = position;
        var startLine = line;
        var inner = new List<CToken> { new(CTokenKind.Punctuator, "#", line, position, position + 1) };
        position++;
        while (true)
        {
            SkipWhitespace(stopAtNewline: true);
            if (position >= source.Length || source[position] == '\n')
            {
                break;
            }

            // A block comment may run over several lines; the directive goes on after it.
            inner.Add(ScanToken());
        }

        var text = string.Join(' ', inner.Where(t => t.Kind != CTokenKind.Comment).Select(t => t.Text));
        return new CToken(CTokenKind.Preprocessor, text, startLine, start, position) { DirectiveTokens = inner };
    }

    private CToken ScanToken()
    {
        var start = position;
        var startLine = line;
        var c = source[position];
        var next = position + 1 < source.Length ? source[position + 1] : '\0';

        if (c == '/' && next == '/')
        {
            SkipLineComment();
            return Make(CTokenKind.Comment, start, startLine);
        }

        if (c == '/' && next == '*')
        {
            SkipBlockComment();
            return Make(CTokenKind.Comment, start, startLine);
        }

        if (c == '"')
        {
            SkipQuoted('"');
            return Make(CTokenKind.String, start, startLine);
        }

        if (c == '\'')
        {
            SkipQuoted('\'');
            return Make(CTokenKind.Character, start, startLine);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next)))
        {
            SkipNumber();
            return Make(CTokenKind.Number, start, startLine);
        }

        if (IsIdentifierStart(c))
        {
            while (position < source.Length && IsIdentifierPart(source[position]))
            {
                position++;
            }

            // L"wide", u8"utf-8", U'c': an encoding prefix belongs to the literal.
            var word = source[start..position];
            if (word is "L" or "u" or "U" or "u8" && position < source.Length && source[position] is '"' or '\'')
            {
                var quote = source[position];
                SkipQuoted(quote);
                return Make(quote == '"' ? CTokenKind.String : CTokenKind.Character, start, startLine);
            }

            return Make(CTokenKind.Identifier, start, startLine);
        }

        position += PunctuatorLength();
        return Make(CTokenKind.Punctuator, start, startLine);
    }

    private CToken Make(CTokenKind kind, int start, int startLine) =>
        new(kind, source[start..position], startLine, start, position);

    private void SkipLineComment()
    {
        while (position < source.Length && source[position] != '\n')
        {
            // A continued line continues the comment too.
            if (source[position] == '\\' && LineContinuationLength(position) is var length and > 0)
            {
                position += length;
                line++;
                continue;
            }

            position++;
        }
    }

    private void SkipBlockComment()
    {
        var end = source.IndexOf("*/", position + 2, StringComparison.Ordinal);
        var stop = end < 0 ? source.Length : end + 2;
        for (var i = position; i < stop; i++)
        {
            if (source[i] == '\n')
            {
                line++;
            }
        }

        position = stop;
    }

    private void SkipQuoted(char quote)
    {
        position++;
        while (position < source.Length)
        {
            var c = source[position];
            if (c == '\\')
            {
                if (LineContinuationLength(position) is var length and > 0)
                {
                    position += length;
                    line++;
                }
                else
                {
                    // An escape: the next character, whatever it is, belongs to the literal.
                    position = Math.Min(position + 2, source.Length);
                }

                continue;
            }

            if (c == '\n')
            {
                return;
            }

            position++;
            if (c == quote)
            {
                return;
            }
        }
    }

    /// <summary>A preprocessing number: digits, letters, dots, and a sign after an exponent letter.</summary>
    private void SkipNumber()
    {
        position++;
        while (position < source.Length)
        {
            var c = source[position];
            if (c is 'e' or 'E' or 'p' or 'P' && position + 1 < source.Length && source[position + 1] is '+' or '-')
            {
                position += 2;
            }
            else if (IsIdentifierPart(c) || c == '.')
            {
                position++;
            }
            else
            {
                return;
            }
        }
    }

    private int PunctuatorLength()
    {
        foreach (var punctuator in MultiCharacterPunctuators)
        {
            if (string.CompareOrdinal(source, position, punctuator, 0, punctuator.Length) == 0)
            {
                return punctuator.Length;
            }
        }

        return 1;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$' || c > '\x7f';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c);
}
