using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Native;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

public sealed class SourceAndCompilerTests
{
    [KernelFact]
    public void A_function_is_cut_from_its_declaration_to_its_closing_brace()
    {
        var reader = Compiled.ReaderFor(ConformanceTargets.GenericWritepages);
        var path = reader.ResolveFile("mm/page-writeback.c", "2.6.20");
        var function = reader.ReadFrom(path, "generic_writepages");
        Assert.StartsWith("int generic_writepages(struct address_space *mapping,", function.Text, StringComparison.Ordinal);
        Assert.EndsWith("return ret;\n}", function.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("EXPORT_SYMBOL", function.Text, StringComparison.Ordinal);
        Assert.StartsWith("int generic_writepages(", File.ReadAllLines(path)[function.Line - 1], StringComparison.Ordinal);

        // A return type on the line before the name, as kernel style has it.
        var limits = reader.ReadFrom(path, "get_dirty_limits");
        Assert.StartsWith("static void\nget_dirty_limits(long *pbackground", limits.Text, StringComparison.Ordinal);
        Assert.Equal("static void\nget_dirty_limits(long *pbackground, long *pdirty,\n\t\t\t\t\tstruct address_space *mapping);", limits.Prototype);
    }

    [KernelFact]
    public void A_function_the_tree_lacks_is_named()
    {
        var reader = Compiled.ReaderFor(ConformanceTargets.GenericWritepages);
        var path = reader.ResolveFile("mm/page-writeback.c", "2.6.20");
        var exception = Assert.Throws<ConformanceException>(() => reader.ReadFrom(path, "writeback_iter"));
        Assert.Equal($"{path} has no function writeback_iter", exception.Message);
        Assert.Contains("has no mm/page-writeback.c of 9.9", Assert.Throws<ConformanceException>(() => reader.Read("mm/page-writeback.c", "9.9", "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_hidden_by_a_bracket_left_open_is_told_apart_from_one_the_file_lacks()
    {
        var reader = new KernelFunctionReader(Wbcheck.CSource.KernelSource.Open(Path.GetTempPath()));
        const string Text = "int a(int x)\n{\n\tif (x > 1 {\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n\nint b(void)\n{\n\treturn a(2);\n}\n";
        Assert.Equal("t.c has no function b that can be cut out: it is named there, but not as a definition at file scope (is a bracket before it left open?)",
            Assert.Throws<ConformanceException>(() => reader.ReadFromText("t.c", Text, "b")).Message);
        Assert.Equal("t.c has no function c", Assert.Throws<ConformanceException>(() => reader.ReadFromText("t.c", Text, "c")).Message);
    }

    [Fact]
    public void A_kernel_call_the_shim_lacks_is_named_in_one_line()
    {
        var function = new KernelFunction("broken", "broken.c", 1, "int broken(void)\n{\n\treturn frobnicate_page(0);\n}", "int broken(void);");
        var exception = Assert.Throws<ConformanceException>(() => Gcc.Compile(TranslationUnit.Build([function], "generic_writepages.c"), "broken"));
        Assert.StartsWith("broken does not compile against the shim: the shim lacks the kernel call frobnicate_page (", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void Any_other_compiler_error_is_its_first_line()
    {
        var function = new KernelFunction("broken", "broken.c", 7, "int broken(void)\n{\n\treturn 1 +;\n}", "int broken(void);");
        var exception = Assert.Throws<ConformanceException>(() => Gcc.Compile(TranslationUnit.Build([function], "generic_writepages.c"), "broken"));
        Assert.Matches(@"^broken does not compile against the shim: broken\.c:9:\d+: error: ", exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void A_missing_gcc_says_what_to_install() =>
        Assert.Equal(Gcc.InstallHint, Assert.Throws<ConformanceException>(() => Gcc.Compile("int x;", "x", "/nonexistent/gcc-" + Guid.NewGuid())).Message);

    [Fact]
    public void The_kernel_tree_variable_must_name_a_folder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "wbcheck-no-such-tree-" + Guid.NewGuid());
        Assert.Equal($"{missing}: no such directory", Assert.Throws<ConformanceException>(() => KernelTree.Locate(missing)).Message);
        Assert.NotNull(ConformanceTargets.Find("generic_writepages"));
        Assert.StartsWith("no conformance check for nosuch", Assert.Throws<ConformanceException>(() => ConformanceTargets.Find("nosuch")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tests_that_read_kernel_text_are_skipped_only_where_neither_tree_exists()
    {
        var nowhere = Directory.CreateTempSubdirectory("wbcheck-no-tree-").FullName;

        // Only folders under this test's own are seen: a CI host may keep a shared/reference above the temporary folder.
        bool Exists(string path) => path.StartsWith(nowhere, StringComparison.Ordinal) && Directory.Exists(path);
        try
        {
            var reason = KernelTree.SkipReason(null, [nowhere], Exists);
            Assert.Equal($"no kernel tree: set {KernelTree.Variable} to a kernel tree or a folder of files such as page-writeback.c.2.6.20, or put shared/reference beside the repository", reason);

            // A variable set (even to a folder that is not there: the test then fails saying so) or seeds above: no skip.
            Assert.Null(KernelTree.SkipReason("/nonexistent-tree", [nowhere], Exists));
            Directory.CreateDirectory(Path.Combine(nowhere, "shared", "reference"));
            Assert.Null(KernelTree.SkipReason(null, [Directory.CreateDirectory(Path.Combine(nowhere, "clone", "bin")).FullName], Exists));
        }
        finally
        {
            Directory.Delete(nowhere, recursive: true);
        }
    }
}
