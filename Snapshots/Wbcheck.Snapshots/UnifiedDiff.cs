using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Wbcheck.Snapshots;

/// <summary>
/// A unified diff (the <c>diff -u</c> / <c>git diff</c> form) of two normalized texts, built
/// from DiffPlex's line diff: changes with a few lines of context, nearby changes merged into one
/// hunk, hunk headers counting lines from 1.
/// </summary>
internal static class UnifiedDiff
{
    public static string Create(string oldText, string newText, string oldLabel, string newLabel, int context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var result = new Differ().CreateCustomDiffs(oldText, newText, false, TextNormalizer.Lines);
        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var output = new StringBuilder();
        output.Append("--- ").Append(oldLabel).Append('\n');
        output.Append("+++ ").Append(newLabel).Append('\n');
        foreach (var hunk in Hunks(result.DiffBlocks, context))
        {
            var first = hunk[0];
            var last = hunk[^1];
            var oldStart = Math.Max(0, first.DeleteStartA - context);
            var newStart = first.InsertStartB - (first.DeleteStartA - oldStart);
            var oldEnd = Math.Min(oldLines.Length, last.DeleteStartA + last.DeleteCountA + context);
            var newEnd = last.InsertStartB + last.InsertCountB + (oldEnd - (last.DeleteStartA + last.DeleteCountA));
            output.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart))
                .Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");

            var line = oldStart;
            foreach (var block in hunk)
            {
                AppendLines(output, ' ', oldLines, line, block.DeleteStartA);
                AppendLines(output, '-', oldLines, block.DeleteStartA, block.DeleteStartA + block.DeleteCountA);
                AppendLines(output, '+', newLines, block.InsertStartB, block.InsertStartB + block.InsertCountB);
                line = block.DeleteStartA + block.DeleteCountA;
            }

            AppendLines(output, ' ', oldLines, line, oldEnd);
        }

        return output.ToString();
    }

    /// <summary>Group changes whose context would touch or overlap into one hunk each.</summary>
    private static List<List<DiffBlock>> Hunks(IEnumerable<DiffBlock> blocks, int context)
    {
        var hunks = new List<List<DiffBlock>>();
        foreach (var block in blocks)
        {
            if (hunks.Count > 0)
            {
                var previous = hunks[^1][^1];
                if (block.DeleteStartA - (previous.DeleteStartA + previous.DeleteCountA) <= 2 * context)
                {
                    hunks[^1].Add(block);
                    continue;
                }
            }

            hunks.Add([block]);
        }

        return hunks;
    }

    /// <summary>
    /// A hunk range as GNU diff writes it: lines count from 1, a single line has no count, and an
    /// empty range names the line before it.
    /// </summary>
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    private static void AppendLines(StringBuilder output, char prefix, string[] lines, int from, int to)
    {
        for (var index = from; index < to; index++)
        {
            output.Append(prefix).Append(lines[index]).Append('\n');
        }
    }
}
