using System.Text;

namespace Wbcheck.Conformance.Source;

/// <summary>
/// Rebuilds what a patch's hunks show of a file after the patch (context and added lines, in
/// order, removed lines dropped), from a patch quoted in a mail reply, as the seeds hold the 2024
/// writeback_iter series: each line starts with the quote marker "&gt; "; the mail collapsed
/// white space, so a context line's leading blank is gone and an empty context line shows as a
/// second "&gt; " before the next line. Between hunks the lines the patch does not show are missing,
/// so only functions the hunks show whole can be cut out of the result. One repair, stated: a line
/// that ends inside an unclosed parenthesis was wrapped by the mailer at a '&gt;' it then took
/// for a quote marker; it is joined to the next line with that '&gt;' put back.
/// </summary>
public static class PatchReconstruction
{
    public static string Reconstruct(string patch, string file)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var lines = patch.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => Split(Unquote(l)).Last().StartsWith($"diff --git a/{file} ", StringComparison.Ordinal));
        if (header < 0)
        {
            throw new ConformanceException($"the patch does not change {file}");
        }

        var output = new List<string>();
        var inHunk = false;
        for (var i = header + 1; i < lines.Count; i++)
        {
            foreach (var line in Split(Unquote(lines[i])))
            {
                if (line.StartsWith("diff --git ", StringComparison.Ordinal) || line == "--")
                {
                    return Join(output);
                }

                if (line.StartsWith("@@", StringComparison.Ordinal))
                {
                    inHunk = true;
                    output.Add("");
                    continue;
                }

                if (!inHunk || line.StartsWith('-'))
                {
                    continue;
                }

                var content = line.StartsWith('+') ? line[1..] : line;
                if (output.Count > 0 && Unclosed(output[^1]) && !line.StartsWith('+'))
                {
                    output[^1] += " > " + content;
                    continue;
                }

                output.Add(content);
            }
        }

        return Join(output);
    }

    private static string Unquote(string line) => line.StartsWith("> ", StringComparison.Ordinal) ? line[2..] : line == ">" ? "" : line;

    /// <summary>"&gt; x" after unquoting is an empty line the mail collapsed into the next one.</summary>
    private static IEnumerable<string> Split(string line)
    {
        while (line.StartsWith("> ", StringComparison.Ordinal))
        {
            yield return "";
            line = line[2..];
        }

        yield return line;
    }

    /// <summary>Ends inside a parenthesis, and not after a comma or an opening one: cut in the middle of an expression.</summary>
    private static bool Unclosed(string line) =>
        line.Count(c => c == '(') > line.Count(c => c == ')') && !line.TrimEnd().EndsWith(',') && !line.TrimEnd().EndsWith('(');

    private static string Join(List<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
