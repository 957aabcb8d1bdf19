using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Html;

/// <summary>
/// The page <c>wbcheck replay --html</c> writes, loaded in headless Chromium: the lanes and the
/// marked step are in the rendered DOM, the panel's script rebuilds the state the page was
/// rendered with, and a screenshot shows the marked row's colour. Fails, saying how to install
/// it, when Chromium is missing.
/// </summary>
public sealed class HtmlTraceViewBrowserTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void The_browser_renders_a_lane_per_thread_and_the_marked_step()
    {
        var trace = Page(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29, out var page).Bug!;

        var dom = Chromium.DumpDom(new Uri(page).AbsoluteUri);

        Assert.Equal(["T0 flusher", "T1 process 1", "T2 process 2"], Texts(dom, "<th class=\"lane\">(.*?)</th>"));
        Assert.Equal(trace.Steps.Count, Regex.Matches(dom, "<tr id=\"step-\\d+\" data-step=").Count);
        var marked = Regex.Match(dom, "<tr id=\"step-(\\d+)\" data-step=\"\\d+\" class=\"bug selected\">");
        Assert.True(marked.Success, "the marked step's row, selected by the page's script, is not in the DOM");
        Assert.Equal(trace.Bug.Step, int.Parse(marked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("deadlock here", dom);
        Assert.Contains($"<span id=\"state-step\">{trace.Bug.Step}</span>", dom);
    }

    [Fact]
    public void The_script_rebuilds_the_state_after_the_marked_step_and_after_a_linked_one()
    {
        // The writer adds pages as it goes: the script must insert them where the describer lists them.
        Page(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_20, out var page);
        var html = File.ReadAllText(page);

        var atMarked = Chromium.DumpDom(new Uri(page).AbsoluteUri);
        var atStep = Chromium.DumpDom(new Uri(page).AbsoluteUri + "#step-12");

        Assert.Equal(State(html), State(atMarked));
        Assert.Contains("<span id=\"state-step\">12</span>", atStep);
        Assert.Matches("<tr id=\"step-12\" data-step=\"12\" class=\"selected\">", atStep);
        Assert.Equal(StateAfter(html, 12), State(atStep));
        Assert.NotEqual(State(atMarked), State(atStep));
    }

    [Fact]
    public void A_screenshot_shows_the_page_with_the_marked_row_in_its_colour()
    {
        Page(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, out var page);

        var image = PngImage.Read(Chromium.Screenshot(new Uri(page).AbsoluteUri, 1400, 900));

        Assert.Equal((1400, 900), (image.Width, image.Height));
        Assert.Equal("#ffcdd2", HtmlTraceRenderer.MarkedRowColour);
        Assert.True(image.Count(0xff, 0xcd, 0xd2) > 2000, "the marked row's colour is missing from the screenshot");
        Assert.True(image.Count(0xef, 0x9a, 0x9a) > 200, "the marked step's own cell is missing from the screenshot");
        Assert.True(image.Count(0xe3, 0xf2, 0xfd) > 200, "no step cell is drawn in a lane");
        Assert.True(image.Count(0xff, 0xff, 0xff) > image.Width * image.Height / 4, "the page background is missing");
    }

    /// <summary>Find the scenario's bug on the era and write its page with <c>wbcheck replay --html</c>.</summary>
    private CellResult Page(string scenario, KernelEra era, out string page)
    {
        var cell = CellCheck.Run(scenario, era);
        cell.Bug!.Save(cli.Path("trace.json"));
        var result = cli.Run("replay", "trace.json", "--html", "view.html");
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        page = cli.Path("view.html");
        return cell;
    }

    /// <summary>The (key, value) rows of the state panel.</summary>
    private static List<(string, string)> State(string html)
    {
        var table = Regex.Match(html, "<table id=\"state-lines\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(table, "<tr><th>(.*?)</th><td>(.*?)</td></tr>").Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))];
    }

    /// <summary>The state after a step from the page's own data, as the panel's script builds it.</summary>
    private static List<(string, string)> StateAfter(string html, int step)
    {
        var json = Regex.Match(html, "<script type=\"application/json\" id=\"frames\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        using var data = JsonDocument.Parse(json);
        var lines = data.RootElement.GetProperty("initial").EnumerateArray().Select(e => e.GetString()!).ToList();
        foreach (var changes in data.RootElement.GetProperty("changes").EnumerateArray().Take(step + 1))
        {
            var all = changes.EnumerateArray().Select(c => (Position: c[0].GetInt32(), Key: c[1].GetString()!, New: c[2].GetString())).ToList();
            var keys = lines.Select(Key).ToHashSet();
            lines = [.. lines.Where(l => all.All(c => c.Key != Key(l) || c.New is not null))
                .Select(l => all.FirstOrDefault(c => c.Key == Key(l) && c.New is not null).New ?? l)];
            foreach (var added in all.Where(c => c.New is not null && !keys.Contains(c.Key)).OrderBy(c => c.Position))
            {
                lines.Insert(Math.Min(added.Position, lines.Count), added.New!);
            }
        }

        return [.. lines.Select(l => (Key(l), l.Contains(':', StringComparison.Ordinal) ? l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : l))];
    }

    private static string Key(string line) => line.Contains(':', StringComparison.Ordinal) ? line[..line.IndexOf(':', StringComparison.Ordinal)] : line;

    private static List<string> Texts(string html, string pattern) =>
        [.. Regex.Matches(html, pattern).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
}
