using System.Text.Json;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Cli.Tests.Commands;

public sealed class ConformCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    private static string Seeds => KernelTree.Locate() ?? throw new InvalidOperationException(KernelTree.Missing);

    [Fact]
    public void The_seeds_conform_and_the_report_names_cases_events_and_tolerated_abstractions()
    {
        var result = cli.Run("conform", "--kernel", Seeds, "--cases", "200");
        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.Matches(@"generic_writepages \(2\.6\.20, mm/page-writeback\.c; compiled with __set_page_dirty_nobuffers, .*\): 200 cases, \d+ events compared, 0 divergences", result.Output);
        Assert.Matches(@"write_cache_pages \(6\.9, mm/page-writeback\.c; compiled with writeback_iter\): 200 cases, \d+ events compared, 0 divergences", result.Output);
        Assert.Contains("get_dirty_limits (2.6.20, mm/page-writeback.c): 200 cases, 400 events compared, 0 divergences", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"mpage_writepages \(4\.9, fs/mpage\.c; compiled with __mpage_writepage, clean_buffers, mpage_alloc, mpage_bio_submit, mpage_end_io\): 200 cases, \d+ events compared, 0 divergences", result.Output);
    }

    [Fact]
    public void Json_gives_each_function_its_counts()
    {
        var result = cli.Run("conform", "--kernel", Seeds, "--function", "generic_writepages", "--cases", "100", "--json");
        Assert.Equal(0, result.Exit);
        var function = JsonDocument.Parse(result.Output).RootElement.GetProperty("functions")[0];
        Assert.Equal("generic_writepages", function.GetProperty("function").GetString());
        Assert.Equal(100, function.GetProperty("cases").GetInt32());
        Assert.Equal(0, function.GetProperty("divergences").GetInt32());
        Assert.True(function.GetProperty("eventsCompared").GetInt64() > 100);
    }

    [Fact]
    public void A_changed_kernel_function_is_a_divergence_with_exit_1()
    {
        var tree = cli.Path("tree");
        Directory.CreateDirectory(tree);
        var text = File.ReadAllText(Path.Combine(Seeds, "page-writeback.c.2.6.20"));
        Assert.Contains("if (wbc->sync_mode != WB_SYNC_NONE)\n\t\t\t\twait_on_page_writeback(page);", text, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(tree, "page-writeback.c.2.6.20"), text.Replace(
            "if (wbc->sync_mode != WB_SYNC_NONE)\n\t\t\t\twait_on_page_writeback(page);", "if (wbc->sync_mode == WB_SYNC_NONE)\n\t\t\t\twait_on_page_writeback(page);", StringComparison.Ordinal));

        var result = cli.Run("conform", "--kernel", tree, "--function", "generic_writepages", "--function", "get_dirty_limits", "--cases", "300");
        Assert.Equal(1, result.Exit);
        Assert.Contains("generic_writepages (2.6.20, mm/page-writeback.c; compiled with", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 divergence\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("get_dirty_limits (2.6.20, mm/page-writeback.c): 300 cases, 600 events compared, 0 divergences\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("the kernel's source and the model diverge on", result.Output, StringComparison.Ordinal);
        Assert.Contains("\n>> ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_without_the_function_or_where_it_does_not_compile_is_bad_input()
    {
        var tree = cli.Path("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "page-writeback.c.2.6.20"), "int other(void)\n{\n\treturn 0;\n}\n");
        var missing = cli.Run("conform", "--kernel", tree);
        Assert.Equal((2, ""), (missing.Exit, missing.Output));
        Assert.Equal($"wbcheck conform: {Path.Combine(tree, "page-writeback.c.2.6.20")} has no function generic_writepages\n", missing.Error);

        var text = File.ReadAllText(Path.Combine(Seeds, "page-writeback.c.2.6.20"));
        File.WriteAllText(Path.Combine(tree, "page-writeback.c.2.6.20"), text.Replace("\tcond_resched();\n\t}\n\tif (!scanned", "\tfrobnicate(&pvec);\n\t}\n\tif (!scanned", StringComparison.Ordinal));
        var broken = cli.Run("conform", "--kernel", tree);
        Assert.Equal(2, broken.Exit);
        Assert.StartsWith("wbcheck conform: generic_writepages (generic_writepages, ", broken.Error, StringComparison.Ordinal);
        Assert.Contains("does not compile against the shim: the shim lacks the kernel call frobnicate", broken.Error, StringComparison.Ordinal);
        Assert.Single(broken.Error.TrimEnd('\n').Split('\n'));

        var unknown = cli.Run("conform", "--kernel", tree, "--function", "nosuch");
        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith("wbcheck conform: no conformance check for nosuch", unknown.Error, StringComparison.Ordinal);
    }

    public void Dispose() => cli.Dispose();
}
