using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Rendering;

/// <summary>
/// The HTML view's structure, read as text (the browser test in the CLI tests renders it): lanes,
/// rows, the marked step, locks held and awaited, the state, nothing fetched, everything escaped.
/// </summary>
public sealed class HtmlTraceRendererTests
{
    [Fact]
    public void A_deadlock_has_a_lane_per_thread_a_row_per_step_and_its_last_step_marked()
    {
        var cell = CellCheck.Run(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29);
        var trace = cell.Bug!;

        var html = HtmlTraceRenderer.Render(trace, cell.Program!, KernelState.Legend);

        Assert.Equal(["T0 flusher", "T1 process 1", "T2 process 2"], Matches(html, "<th class=\"lane\">([^<]*)</th>"));
        Assert.Equal(trace.Steps.Count, Matches(html, "<tr id=\"step-(\\d+)\"").Count);
        var marked = Assert.Single(Matches(html, "<tr id=\"step-(\\d+)\" data-step=\"\\d+\" class=\"bug\">"));
        Assert.Equal(trace.Bug.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), marked);
        var markedRow = Row(html, trace.Bug.Step);
        Assert.Contains("deadlock here", markedRow);
        // Which wait closes the cycle depends on the schedule PCT found (lock_page(1) or
        // wait_on_page_writeback(2)); the row names the page bit its step waits for, and its holder.
        var page = Assert.Single(Matches(markedRow, "waits for PG_(?:locked|writeback) of page (\\d+), held by T\\d"));
        Assert.Contains("holds the lock of inode 1 page", html);
        Assert.Matches($"<code class=\"fn\">(lock_page|wait_on_page_writeback)\\({page}\\)</code>", markedRow);
        Assert.Contains($"<h2>State after step <span id=\"state-step\">{trace.Bug.Step}</span></h2>", html);
        Assert.Contains("<th>counters</th>", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(KernelState.Legend), html);
    }

    [Fact]
    public void The_page_is_self_contained()
    {
        var cell = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20);

        var html = HtmlTraceRenderer.Render(cell.Bug!, cell.Program!);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Threads_that_only_complete_io_share_one_lane()
    {
        var cell = CellCheck.Run(IoErrorThenFsync.ScenarioName, KernelEra.V4_13);
        var completions = cell.Bug!.Steps.Where(s => s.ThreadName.EndsWith("endio", StringComparison.Ordinal)).Select(s => s.ThreadId).Distinct().Count();

        var html = HtmlTraceRenderer.Render(cell.Bug!, cell.Program!);

        Assert.True(completions >= 1, "the trace should complete an I/O");
        var lanes = Matches(html, "<th class=\"lane\">([^<]*)</th>");
        Assert.Equal("I/O completions", lanes[^1]);
        Assert.Equal(cell.Bug!.Steps.Select(s => s.ThreadId).Distinct().Count() - completions + 1, lanes.Count);
        Assert.Contains("<div class=\"who\">T", html);
    }

    [Fact]
    public void Names_and_messages_from_the_program_are_escaped()
    {
        var program = new TestProgram("escape-test", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("<b>evil</b>", async () =>
            {
                await runtime.Schedule(PointKind.Yield, new StepLabel("<script>alert(1)</script>"));
                throw new InvalidOperationException("</script><img src=x>");
            });
            setup.DescribeState(() => ["a & b: <i>state</i>"]);
        });
        var trace = TestingEngine.Run(program, TestingConfiguration.Default with { Iterations = 1 }).Bugs[0];

        var html = HtmlTraceRenderer.Render(trace, program);

        Assert.DoesNotContain("<b>evil</b>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<i>state</i>", html);
        Assert.Contains("&lt;b&gt;evil&lt;/b&gt;", html);
        Assert.Equal(2, Matches(html, "(<script)").Count); // the frames' data and the panel's script, nothing else
    }

    private static List<string> Matches(string html, string pattern) =>
        [.. Regex.Matches(html, pattern).Select(m => m.Groups[1].Value)];

    private static string Row(string html, int step)
    {
        var start = html.IndexOf($"<tr id=\"step-{step}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
