using System.Text.Json;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Cli.Tests.Commands;

public sealed class ConformCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    private const string Seed = "page-writeback.c.2.6.20";

    private static string Seeds => KernelFactAttribute.SeedsHolding(Seed) ?? throw new InvalidOperationException(KernelTree.Missing);

    [KernelFact(Seed)]
    public void The_seeds_conform_and_the_report_names_cases_events_and_tolerated_abstractions()
    {
        var result = cli.Run("conform", "--kernel", Seeds, "--cases", "200");
        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.Matches(@"generic_writepages \(2\.6\.20, mm/page-writeback\.c; compiled with __set_page_dirty_nobuffers, .*\): 200 cases, \d+ events compared, 0 divergences", result.Output);
        Assert.Matches(@"write_cache_pages \(6\.9, mm/page-writeback\.c; compiled with writeback_iter\): 200 cases, \d+ events compared, 0 divergences", result.Output);
        Assert.Contains("get_dirty_limits (2.6.20, mm/page-writeback.c): 200 cases, 400 events compared, 0 divergences", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"mpage_writepages \(4\.9, fs/mpage\.c; compiled with __mpage_writepage, clean_buffers, mpage_alloc, mpage_bio_submit, mpage_end_io\): 200 cases, \d+ events compared, 0 divergences", result.Output);
    }

    [KernelFact(Seed)]
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

    [KernelFact(Seed)]
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

    [KernelFact(Seed)]
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

    [KernelFact(Seed)]
    public void A_tree_of_one_version_runs_the_functions_of_that_version_and_names_the_others()
    {
        var tree = cli.Path("linux-2.6.20");
        Directory.CreateDirectory(Path.Combine(tree, "mm"));
        File.WriteAllText(Path.Combine(tree, "Makefile"), "VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 20\nEXTRAVERSION =\n");
        File.Copy(Path.Combine(Seeds, Seed), Path.Combine(tree, "mm", "page-writeback.c"));

        var result = cli.Run("conform", "--kernel", tree, "--cases", "100");
        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.Contains("write_cache_pages (6.9-6.12, mm/page-writeback.c): not in this tree\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("mpage_writepages (4.9, fs/mpage.c): not in this tree\n", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"generic_writepages \(2\.6\.20, mm/page-writeback\.c; compiled with .*\): 100 cases, \d+ events compared, 0 divergences", result.Output);
        Assert.Contains("get_dirty_limits (2.6.20, mm/page-writeback.c): 100 cases, 200 events compared, 0 divergences", result.Output, StringComparison.Ordinal);

        // Named, a function of another version is bad input: the tree lacks it.
        var named = cli.Run("conform", "--kernel", tree, "--function", "write_cache_pages");
        Assert.Equal((2, ""), (named.Exit, named.Output));
        Assert.Equal($"wbcheck conform: {tree} has no mm/page-writeback.c of 6.9 to 6.12 (the tree is 2.6.20)\n", named.Error);

        // A tree of a version no function is compared for.
        File.WriteAllText(Path.Combine(tree, "Makefile"), "VERSION = 3\nPATCHLEVEL = 19\nSUBLEVEL = 0\n");
        var none = cli.Run("conform", "--kernel", tree);
        Assert.Equal((2, ""), (none.Exit, none.Output));
        Assert.StartsWith($"wbcheck conform: {tree} (3.19) holds none of the functions wbcheck compares: generic_writepages needs mm/page-writeback.c of 2.6.20;", none.Error, StringComparison.Ordinal);
        Assert.Single(none.Error.TrimEnd('\n').Split('\n'));
    }

    public void Dispose() => cli.Dispose();
}
