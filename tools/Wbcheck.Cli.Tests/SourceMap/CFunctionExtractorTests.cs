using Wbcheck.Cli.SourceMap;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class CFunctionExtractorTests
{
    [Fact]
    public void Finds_exactly_the_definitions_of_the_syntax_fixture_with_their_body_spans()
    {
        var file = CSourceFile.Parse(Fixture.Read("syntax.c"));

        // (name, line of the name, line of the opening brace, line of the closing brace), read off syntax.c.
        (string, int, int, int)[] expected =
        [
            ("batch_empty", 40, 41, 43),      // static inline
            ("batch_reset", 46, 47, 50),      // __always_inline, return type on the line before
            ("batch_add", 52, 55, 64),        // fastcall, parameters over three lines, EXPORT_SYMBOL after
            ("batch_setup", 69, 70, 76),      // return type and __init on lines of their own; braces in literals
            ("batch_lookup", 80, 81, 87),     // returns a struct pointer; brace in a // comment
            ("batch_sum", 91, 95, 101),       // K&R parameter declarations
            ("batch_flush", 103, 104, 112),   // each #ifdef branch opens its own block
            ("batch_wait", 114, 120, 123),    // each #ifdef branch ends the signature
            ("batch_sync", 133, 134, 136),    // defined under #ifdef CONFIG_SMP...
            ("batch_sync", 138, 139, 140),    // ...and under its #else
            ("batch_lock", 143, 144, 146),    // __acquires() after the parameters
            ("batch_log", 148, 149, 151),     // __printf() before the return type
            ("batch_handler", 153, 154, 156), // returns a function pointer
            ("count_batches", 158, 158, 158), // on one line, after its prototype
            ("batch_first", 170, 171, 173),   // inside extern "C" { }, after a prototype of one parameter
            ("batch_close", 180, 181, 184),   // closed in each #ifdef branch: the first ends it
            ("batch_after_close", 190, 190, 190), // not hidden by the other branch's leftovers
        ];
        Assert.Equal(expected, file.Functions.Select(f => (f.Name, f.NameLine, f.BodyStartLine, f.BodyEndLine)));
    }

    [Fact]
    public void A_body_runs_from_its_opening_to_its_closing_brace_with_every_branch_kept()
    {
        var file = CSourceFile.Parse(Fixture.Read("syntax.c"));

        var flush = Assert.Single(file.Functions, f => f.Name == "batch_flush");
        Assert.True(flush.Body[0].Is("{"));
        Assert.True(flush.Body[^1].Is("}"));
        var text = BodyFingerprint.NormalizedText(flush.Body);
        Assert.Contains("# ifdef CONFIG_BATCH_DEBUG if ( batch -> count > PAGES_PER_BATCH ) {", text);
        Assert.Contains("# else if ( batch -> count ) { # endif RUN_BATCH ( batch ) ; }", text);
    }

    [Fact]
    public void Macros_are_found_as_macros_never_as_functions_and_dead_code_is_not_a_definition()
    {
        var file = CSourceFile.Parse(Fixture.Read("syntax.c"));

        Assert.Equal(
            ["PAGES_PER_BATCH", "BATCH_LIMIT", "fixture_min", "DECLARE_WAITER", "RUN_BATCH"],
            file.Macros.Select(m => m.Name));
        var min = Assert.Single(file.Macros, m => m.Name == "fixture_min");
        Assert.Equal((12, 14), (min.BodyStartLine, min.BodyEndLine));
        Assert.StartsWith("( { typeof ( a ) _a", BodyFingerprint.NormalizedText(min.Body), StringComparison.Ordinal);
        Assert.Equal(CDefinitionKind.Macro, Assert.Single(file.Find("RUN_BATCH")).Kind);
        Assert.DoesNotContain(file.Functions, f => f.Name is "fixture_min" or "DECLARE_WAITER" or "RUN_BATCH" or "batch_dead");
        Assert.Empty(file.Find("batch_dead"));
    }

    [Theory]
    [InlineData("int lonely(void);")]
    [InlineData("static int lonely(struct page *page) __attribute__((unused));")]
    [InlineData("struct lonely { int (*op)(void); };")]
    [InlineData("static struct ops lonely = { .op = run, };")]
    [InlineData("static int table[] = { [0] = 1, [1] = 2, };")]
    [InlineData("enum lonely { A, B };")]
    [InlineData("DEFINE_PER_CPU(int, lonely) = { 0 };")]
    [InlineData("TRACE_EVENT(lonely, TP_fast_assign({ x = 1; }));")]
    [InlineData("#define lonely(x) { return x; }")]
    [InlineData("typedef struct { int x; } lonely_t;")]
    public void Declarations_that_are_not_function_definitions_give_none(string source)
    {
        Assert.Empty(CSourceFile.Parse(source).Functions);
    }

    [Fact]
    public void A_file_that_ends_inside_a_body_still_yields_the_function_to_its_end()
    {
        var file = CSourceFile.Parse("int cut(void)\n{\n\tif (x) {\n");

        var cut = Assert.Single(file.Functions);
        Assert.Equal(("cut", 3), (cut.Name, cut.BodyEndLine));
    }

    [Fact]
    public void The_tracker_starts_each_branch_afresh_and_leaves_a_conditional_as_its_first_live_branch_did()
    {
        var nesting = new NestingTracker();
        var depthBeforeEachDirective = new List<int>();
        foreach (var token in CTokenizer.Tokenize("#if 0\n{\n#else\n{ {\n#elif X\n{ { {\n#endif\n"))
        {
            if (token.Kind == CTokenKind.Preprocessor)
            {
                depthBeforeEachDirective.Add(nesting.BraceDepth);
            }

            nesting.Observe(token);
        }

        // The dead branch counts nothing; each branch starts from 0; after #endif, the #else branch's 2.
        Assert.Equal([0, 0, 2, 3], depthBeforeEachDirective);
        Assert.Equal(2, nesting.BraceDepth);
        Assert.False(nesting.IsDead);
    }
}
