using Wbcheck.Cli.SourceMap;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class TokenDiffTests
{
    [Fact]
    public void Equal_token_streams_have_no_diff_whatever_their_layout()
    {
        Assert.Null(TokenDiff.Between(CTokenizer.Tokenize("a = b + c;"), CTokenizer.Tokenize("a=b /* x */ +c ;")));
    }

    [Fact]
    public void A_replaced_token_is_shown_with_four_tokens_of_context_and_its_lines()
    {
        var diff = TokenDiff.Between(
            CTokenizer.Tokenize("x = 1;\nif (a <= b)\n\treturn c;\ny = 2;"),
            CTokenizer.Tokenize("x = 1;\n\nif (a < b)\n\treturn c;\ny = 2;"));

        Assert.NotNull(diff);
        Assert.Equal([";", "if", "(", "a"], diff.Before);
        Assert.Equal(["<="], diff.Removed);
        Assert.Equal(["<"], diff.Added);
        Assert.Equal(["b", ")", "return", "c"], diff.After);
        Assert.Equal((2, 3, 1), (diff.BaselineLine, diff.Line, diff.Changes));
        Assert.Equal("line 3 (was 2): … ; if ( a [- <= -] {+ < +} b ) return c …", diff.ToString());
    }

    [Fact]
    public void Insertions_and_deletions_are_found_and_later_changes_counted()
    {
        var diff = TokenDiff.Between(
            CTokenizer.Tokenize("lock(); a(); b(); unlock(); c(); d();"),
            CTokenizer.Tokenize("lock(); a(); check(); b(); unlock(); d(); e();"));

        Assert.NotNull(diff);
        Assert.Empty(diff.Removed);
        Assert.Equal(["check", "(", ")", ";"], diff.Added);
        Assert.Equal(3, diff.Changes);
        Assert.EndsWith("(and 2 more changes)", diff.ToString(), StringComparison.Ordinal);
    }
}
