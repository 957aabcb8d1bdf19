using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// Renders a trace as one self-contained HTML page (inline style and script, nothing fetched): a
/// lane per thread and a row per step, each step showing the kernel function its thread resumed
/// at, the locks it holds and what it waits for afterwards, and the state lines (page flags,
/// tags, data version in memory and on disk) it changed; the step where the bug surfaced is
/// marked. A side panel shows the whole state after the marked step, or after any step clicked.
/// Threads that only complete I/O (one interrupt each) share one lane, so a long trace with
/// many I/Os stays readable.
/// </summary>
public static class HtmlTraceRenderer
{
    /// <summary>The background of the marked step's row (#ffcdd2), named for tests that look at a screenshot.</summary>
    public const string MarkedRowColour = "#ffcdd2";

    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>
    /// Render <paramref name="trace"/>, replaying it against <paramref name="program"/> (the program it was
    /// recorded from) to show each step's effect. <paramref name="legend"/> explains the state lines.
    /// </summary>
    /// <exception cref="TraceLoadException">The trace was recorded from another program, parameters or model version.</exception>
    public static string Render(BugTrace trace, ITestProgram program, string? legend = null) =>
        Render(trace, TraceFrames.Capture(trace, program), legend);

    /// <summary>Render <paramref name="trace"/> with the frames of its replay (the same the text timeline is rendered from).</summary>
    public static string Render(BugTrace trace, TraceFrames frames, string? legend = null)
    {
        var lanes = new TraceLanes(trace);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>wbcheck trace: {E(trace.Program)}, {E(TraceNames.Of(trace.Bug.Kind))} at step {trace.Bug.Step}</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        Header(html, trace, frames, legend);
        html.Append("<main>\n<table class=\"lanes\" id=\"lanes\">\n<thead><tr><th class=\"n\">step</th>");
        foreach (var name in lanes.Names)
        {
            html.Append($"<th class=\"lane\">{E(name)}</th>");
        }

        html.Append("<th class=\"changes\">state changed by the step</th></tr></thead>\n<tbody>\n");
        Rows(html, trace, frames, lanes);
        html.Append("</tbody>\n</table>\n");
        StatePanel(html, frames);
        html.Append("</main>\n");
        Script(html, frames);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, BugTrace trace, TraceFrames frames, string? legend)
    {
        var found = $"{trace.Strategy}, seed {trace.Seed}, iteration {trace.Iteration}{(trace.Minimized ? ", minimized" : "")}";
        html.Append($"<header>\n<h1>{E(trace.Program)}: {E(TraceNames.Of(trace.Bug.Kind))} at step {trace.Bug.Step}</h1>\n<dl>\n");
        html.Append($"<dt>program</dt><dd>{E(BugTrace.Describe(trace.Program, trace.Parameters))}</dd>\n");
        html.Append($"<dt>model</dt><dd>{E(trace.ModelVersion)}, fingerprint {E(trace.Fingerprint)}</dd>\n");
        html.Append($"<dt>found by</dt><dd>{E(found)}</dd>\n");
        html.Append($"<dt>steps</dt><dd>{trace.Steps.Count}, {trace.Preemptions} preemption{(trace.Preemptions == 1 ? "" : "s")}</dd>\n");
        html.Append("</dl>\n");
        html.Append($"<p class=\"bug-summary\"><a href=\"#step-{trace.Bug.Step}\">step {trace.Bug.Step}</a>: {E(trace.Bug.Message)}</p>\n");
        if (trace.Bug.Details.Count > 0)
        {
            html.Append("<ul class=\"details\">\n");
            foreach (var detail in trace.Bug.Details)
            {
                html.Append($"<li>{E(detail)}</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (!frames.Replay.Reproduced)
        {
            html.Append($"<p class=\"diverged\">The replay did not reproduce the bug; the states stop where it did: {E(frames.Replay.Divergence ?? "")}</p>\n");
        }

        if (frames.StateOmitted is { } omitted)
        {
            html.Append($"<p class=\"diverged\">The state is not shown: {E(omitted)}</p>\n");
        }

        if (legend is not null)
        {
            html.Append($"<p class=\"legend\">{E(legend)}</p>\n");
        }

        html.Append("</header>\n");
    }

    private static void Rows(StringBuilder html, BugTrace trace, TraceFrames frames, TraceLanes lanes)
    {
        var started = new bool[lanes.Count];
        var finished = new bool[lanes.Count];
        var previous = -1;
        for (var i = 0; i < trace.Steps.Count; i++)
        {
            var step = trace.Steps[i];
            var frame = i < frames.Frames.Count ? frames.Frames[i] : null;
            var lane = lanes.Of(step.ThreadId);
            started[lane] = true;
            var marked = i == trace.Bug.Step;
            if (i == trace.Bug.CycleStart)
            {
                html.Append($"<tr class=\"bug-note\" id=\"cycle-start\"><td></td><td colspan=\"{lanes.Count + 1}\">&#8635; the cycle starts here: steps {i} to {trace.Bug.Step} come back to this state and repeat forever</td></tr>\n");
            }

            html.Append($"<tr id=\"step-{i}\" data-step=\"{i}\"{(marked ? " class=\"bug\"" : "")}><td class=\"n\">{i}</td>");
            for (var column = 0; column < lanes.Count; column++)
            {
                if (column == lane)
                {
                    Acting(html, trace, step, frame, lanes, previous, marked);
                    continue;
                }

                var sleeping = frame?.Sleeping.FirstOrDefault(s => lanes.Of(s.ThreadId) == column);
                html.Append(sleeping is not null
                    ? $"<td class=\"asleep\" title=\"asleep on {E(sleeping.Queue)}\"></td>"
                    : finished[column] ? "<td class=\"done\"></td>"
                    : started[column] ? "<td class=\"idle\"></td>"
                    : "<td></td>");
            }

            html.Append("<td class=\"changes\">");
            if (frame is not null)
            {
                foreach (var change in frame.Changes)
                {
                    Change(html, change);
                }
            }

            html.Append("</td></tr>\n");
            if (marked)
            {
                html.Append($"<tr class=\"bug-note\"><td></td><td colspan=\"{lanes.Count + 1}\">&#9888; {E(trace.Bug.Message)}</td></tr>\n");
            }

            if (frame?.ThreadFinished == true && !lanes.IsShared(step.ThreadId))
            {
                finished[lane] = true;
            }

            if (!step.IsChoice)
            {
                previous = step.ThreadId;
            }
        }
    }

    private static void Acting(StringBuilder html, BugTrace trace, TraceStep step, TraceFrame? frame, TraceLanes lanes, int previous, bool marked)
    {
        var kind = TraceNames.Of(step.Kind);
        html.Append($"<td class=\"act k-{kind}\">");
        if (lanes.IsShared(step.ThreadId))
        {
            html.Append($"<div class=\"who\">{E(step.ThreadTag)} {E(step.ThreadName)}</div>");
        }

        var label = step.IsChoice ? $"{step.Label} = {step.Value} of {step.Options}" : step.Label.ToString();
        html.Append($"<div class=\"point\"><span class=\"kind\">{E(kind)}</span> <code class=\"fn\">{E(label)}</code></div>");
        if (step.Preempts)
        {
            html.Append($"<div class=\"preempts\">preempts T{previous}</div>");
        }

        if (frame is not null)
        {
            foreach (var held in frame.Held.Where(h => h.ThreadId == step.ThreadId))
            {
                html.Append($"<div class=\"held\">holds the lock of {E(held.What)}</div>");
            }

            if (frame.Sleeping.FirstOrDefault(s => s.ThreadId == step.ThreadId) is { } sleeping)
            {
                html.Append($"<div class=\"awaits\">waits for {E(sleeping.Queue)}{(sleeping.Holder is { } holder ? $", held by {E(holder)}" : "")}</div>");
            }

            if (frame.ThreadFinished)
            {
                html.Append("<div class=\"finished\">finished</div>");
            }
        }

        if (marked)
        {
            html.Append($"<div class=\"marker\">{E(TraceNames.Of(trace.Bug.Kind))} here</div>");
        }

        html.Append("</td>");
    }

    private static void Change(StringBuilder html, StateChange change)
    {
        var cls = change.Old is null ? "added" : change.New is null ? "removed" : "changed";
        html.Append($"<div class=\"chg {cls}\"><span class=\"key\">{E(change.Key)}</span> ");
        if (change.Old is not null)
        {
            html.Append($"<del>{E(Value(change.Old))}</del>");
        }

        if (change.Old is not null && change.New is not null)
        {
            html.Append(" &#8594; ");
        }

        if (change.New is not null)
        {
            html.Append($"<ins>{E(Value(change.New))}</ins>");
        }

        html.Append("</div>");
    }

    private static void StatePanel(StringBuilder html, TraceFrames frames)
    {
        var last = frames.Frames.Count - 1;
        html.Append("<aside id=\"state\">\n");
        html.Append($"<h2>State after step <span id=\"state-step\">{last}</span></h2>\n");
        html.Append("<p class=\"hint\">Click a step (or link to #step-N) to see the state after it.</p>\n<table id=\"state-lines\">\n");
        foreach (var line in frames.Final)
        {
            html.Append($"<tr><th>{E(TraceFrames.Key(line))}</th><td>{E(Value(line))}</td></tr>\n");
        }

        html.Append("</table>\n</aside>\n");
    }

    /// <summary>The initial state and each step's changes, for the panel's script to rebuild the state after any step.</summary>
    private static void Script(StringBuilder html, TraceFrames frames)
    {
        var data = new
        {
            marked = frames.Frames.Count - 1,
            initial = frames.Initial,
            changes = frames.Frames.Select(f => f.Changes.Select(c => new object?[] { c.Position, c.Key, c.New })),
        };
        html.Append("<script type=\"application/json\" id=\"frames\">")
            .Append(JsonSerializer.Serialize(data, ScriptJson))
            .Append("</script>\n<script>\n")
            .Append(PanelScript)
            .Append("</script>\n");
    }

    private static string Value(string line)
    {
        var colon = line.IndexOf(':');
        return colon < 0 ? line : line[(colon + 1)..].Trim();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font: 14px/1.35 system-ui, sans-serif; margin: 1em; color: #1a1a1a; background: #ffffff; }
        h1 { font-size: 1.3em; margin: 0 0 .4em; }
        h2 { font-size: 1.05em; margin: 0 0 .3em; }
        dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: 0 0 .6em; }
        dt { color: #555555; }
        dd { margin: 0; font-family: ui-monospace, monospace; }
        .bug-summary { font-weight: bold; margin: .4em 0; }
        .details { font-family: ui-monospace, monospace; font-size: 12px; margin: 0 0 .6em; }
        .legend, .hint { color: #555555; font-size: 12px; }
        .diverged { background: #fff3cd; padding: .3em; }
        main { display: flex; gap: 1em; align-items: flex-start; }
        table.lanes { border-collapse: collapse; font-size: 12px; flex: 1 1 auto; }
        table.lanes th, table.lanes td { border: 1px solid #d0d0d0; padding: 2px 6px; vertical-align: top; }
        table.lanes thead th { position: sticky; top: 0; background: #eeeeee; z-index: 1; }
        td.n { text-align: right; color: #555555; font-family: ui-monospace, monospace; }
        td.act { background: #e3f2fd; min-width: 10em; }
        td.act.k-lock, td.act.k-wait { background: #fff8e1; }
        td.act.k-complete-io, td.act.k-submit-io { background: #e8f5e9; }
        td.asleep { background: repeating-linear-gradient(45deg, #f4f4f4, #f4f4f4 4px, #dddddd 4px, #dddddd 8px); }
        td.idle { border-left: 3px solid #90caf9; }
        td.done { background: #fafafa; }
        .kind { display: inline-block; min-width: 5.5em; color: #555555; }
        code.fn { font-weight: bold; overflow-wrap: anywhere; }
        .who { color: #555555; }
        .preempts { color: #8e24aa; }
        .held { color: #1565c0; }
        .awaits { color: #e65100; }
        .finished { color: #777777; font-style: italic; }
        .marker { color: #b71c1c; font-weight: bold; }
        td.changes { font-family: ui-monospace, monospace; font-size: 11px; min-width: 22em; }
        .chg .key { color: #555555; }
        del { color: #9e9e9e; }
        ins { text-decoration: none; color: #1b5e20; }
        .removed ins, .removed .key { text-decoration: line-through; }
        tr.bug > td { background: #ffcdd2; }
        tr.bug > td.act { background: #ef9a9a; }
        tr.bug-note > td { background: #ffcdd2; color: #b71c1c; font-weight: bold; }
        tr.selected > td.n { background: #bbdefb; }
        tbody tr { cursor: pointer; }
        aside { flex: 0 0 26em; position: sticky; top: 0; border: 1px solid #d0d0d0; padding: .5em; background: #fcfcfc; max-height: 95vh; overflow: auto; }
        #state-lines { border-collapse: collapse; font-family: ui-monospace, monospace; font-size: 11px; }
        #state-lines th { text-align: left; color: #555555; font-weight: normal; padding-right: .8em; white-space: nowrap; vertical-align: top; }

        """;

    private const string PanelScript = """
        (function () {
          var data = JSON.parse(document.getElementById('frames').textContent);
          var key = function (line) { var i = line.indexOf(':'); return i < 0 ? line : line.substring(0, i); };
          var value = function (line) { var i = line.indexOf(':'); return i < 0 ? line : line.substring(i + 1).trim(); };
          function stateAfter(step) {
            var lines = data.initial.slice();
            for (var s = 0; s <= step && s < data.changes.length; s++) {
              var changes = data.changes[s];
              var removed = {}, replaced = {}, added = [];
              changes.forEach(function (c) {
                var old = lines.some(function (l) { return key(l) === c[1]; });
                if (c[2] === null) { removed[c[1]] = true; }
                else if (old) { replaced[c[1]] = c[2]; }
                else { added.push(c); }
              });
              lines = lines.filter(function (l) { return !removed[key(l)]; })
                           .map(function (l) { var k = key(l); return k in replaced ? replaced[k] : l; });
              added.sort(function (a, b) { return a[0] - b[0]; })
                   .forEach(function (c) { lines.splice(Math.min(c[0], lines.length), 0, c[2]); });
            }
            return lines;
          }
          function show(step) {
            var table = document.getElementById('state-lines');
            table.innerHTML = '';
            stateAfter(step).forEach(function (line) {
              var row = table.insertRow(), th = document.createElement('th');
              th.textContent = key(line);
              row.appendChild(th);
              row.insertCell().textContent = value(line);
            });
            document.getElementById('state-step').textContent = step;
            document.querySelectorAll('tr.selected').forEach(function (r) { r.classList.remove('selected'); });
            var row = document.getElementById('step-' + step);
            if (row) { row.classList.add('selected'); }
          }
          document.querySelectorAll('tr[data-step]').forEach(function (row) {
            row.addEventListener('click', function () { show(parseInt(row.getAttribute('data-step'), 10)); });
          });
          // A link to #step-N opens on that step; otherwise the panel shows the last step replayed.
          var linked = /^#step-(\d+)$/.exec(location.hash);
          show(linked ? Math.min(parseInt(linked[1], 10), data.changes.length - 1) : data.marked);
        })();

        """;
}
