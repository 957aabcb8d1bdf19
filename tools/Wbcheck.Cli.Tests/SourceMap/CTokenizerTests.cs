namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class CTokenizerTests
{
    [Fact]
    public void Braces_inside_strings_characters_and_comments_are_not_punctuators()
    {
        var tokens = CTokenizer.Tokenize("""
            s = "{ \" }"; c = '}'; q = '\''; /* { */ // }
            t = "\\"; {
            """);

        Assert.Equal(["{"], tokens.Where(t => t.Kind == CTokenKind.Punctuator && t.Text is "{" or "}").Select(t => t.Text));
        Assert.Equal(["\"{ \\\" }\"", "\"\\\\\""], Texts(tokens, CTokenKind.String));
        Assert.Equal(["'}'", "'\\''"], Texts(tokens, CTokenKind.Character));
        Assert.Equal(["/* { */", "// }"], Texts(tokens, CTokenKind.Comment));
    }

    [Fact]
    public void Encoding_prefixes_belong_to_their_literals()
    {
        var tokens = CTokenizer.Tokenize("""a = L"wide"; b = u8"utf"; c = U'x'; L = 1;""");

        Assert.Equal(["L\"wide\"", "u8\"utf\""], Texts(tokens, CTokenKind.String));
        Assert.Equal(["U'x'"], Texts(tokens, CTokenKind.Character));
        Assert.Contains(tokens, t => t is { Kind: CTokenKind.Identifier, Text: "L" });
    }

    [Fact]
    public void A_directive_runs_over_continued_lines_and_multi_line_comments_and_its_text_drops_them()
    {
        var tokens = CTokenizer.Tokenize("#define twice(x) \\\n\t((x) + \\\n\t (x)) /* one\n two */\nint after;\n");

        var directive = Assert.Single(tokens, t => t.Kind == CTokenKind.Preprocessor);
        Assert.Equal("# define twice ( x ) ( ( x ) + ( x ) )", directive.Text);
        Assert.Equal(1, directive.Line);
        var after = Assert.Single(tokens, t => t.Text == "after");
        Assert.Equal(5, after.Line);
        Assert.Equal(CTokenKind.Identifier, tokens[1].Kind);
    }

    [Fact]
    public void A_hash_is_a_directive_only_at_the_start_of_a_line_comments_aside()
    {
        var tokens = CTokenizer.Tokenize("/* lead */ #if X\nx = a # b;\n  # endif\n");

        Assert.Equal(["# if X", "# endif"], Texts(tokens, CTokenKind.Preprocessor));
        Assert.Contains(tokens, t => t is { Kind: CTokenKind.Punctuator, Text: "#" });
    }

    [Fact]
    public void Numbers_identifiers_and_the_longest_punctuators()
    {
        var tokens = CTokenizer.Tokenize("x <<= 0x1fULL + 1e+5 - .5f; p->q... a##b $sym");

        Assert.Equal(
            ["x", "<<=", "0x1fULL", "+", "1e+5", "-", ".5f", ";", "p", "->", "q", "...", "a", "##", "b", "$sym"],
            tokens.Select(t => t.Text));
        Assert.Equal(["0x1fULL", "1e+5", ".5f"], Texts(tokens, CTokenKind.Number));
    }

    [Fact]
    public void An_unterminated_literal_stops_at_its_line_end_and_an_unterminated_comment_at_the_file_end()
    {
        var tokens = CTokenizer.Tokenize("#error don't do this\nint x;\n/* never closed { ");

        Assert.Equal(["int", "x", ";"], tokens.Where(t => t.Line == 2).Select(t => t.Text));
        Assert.Equal(CTokenKind.Comment, tokens[^1].Kind);
    }

    [Fact]
    public void Lines_count_through_continuations_and_block_comments()
    {
        var tokens = CTokenizer.Tokenize("a /*\n\n*/ b \\\n c\r\nd");

        Assert.Equal([1, 3, 4, 5], tokens.Where(t => t.Kind == CTokenKind.Identifier).Select(t => t.Line));
    }

    private static List<string> Texts(IEnumerable<CToken> tokens, CTokenKind kind) =>
        tokens.Where(t => t.Kind == kind).Select(t => t.Text).ToList();
}
