using System.Globalization;

namespace Wbcheck.Conformance.Traces;

/// <summary>
/// The state line both sides print after each event, and what changed between two of them: each
/// page's flags (L locked, D dirty, W writeback, E error, U uptodate) and tags (d DIRTY,
/// w WRITEBACK, t TOWRITE), the mapping's AS_EIO/AS_ENOSPC bits and the NR_FILE_DIRTY and
/// NR_WRITEBACK counters. Format: <c>S 3:LDU/d 5:WU/w as:E nr_file_dirty:1 nr_writeback:1</c>.
/// </summary>
public static class PageCacheState
{
    private static readonly (char Letter, string Name)[] Flags =
        [('L', "PG_locked"), ('D', "PG_dirty"), ('W', "PG_writeback"), ('E', "PG_error"), ('U', "PG_uptodate")];

    private static readonly (char Letter, string Name)[] Tags = [('d', "DIRTY tag"), ('w', "WRITEBACK tag"), ('t', "TOWRITE tag")];

    public static string Format(IEnumerable<(long Index, string Flags, string Tags)> pages, bool asEio, bool asEnospc, long nrFileDirty, long nrWriteback) =>
        "S" + string.Concat(pages.Select(p => string.Create(CultureInfo.InvariantCulture, $" {p.Index}:{p.Flags}/{p.Tags}"))) +
        string.Create(CultureInfo.InvariantCulture, $" as:{(asEio ? "E" : "")}{(asEnospc ? "N" : "")} nr_file_dirty:{nrFileDirty} nr_writeback:{nrWriteback}");

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, one a line, in a fixed order.</summary>
    public static IEnumerable<string> Changes(string before, string after)
    {
        var (pagesBefore, restBefore) = Parse(before);
        var (pagesAfter, restAfter) = Parse(after);
        foreach (var index in pagesBefore.Keys.Union(pagesAfter.Keys).Order())
        {
            var was = pagesBefore.GetValueOrDefault(index);
            var now = pagesAfter.GetValueOrDefault(index);
            if (was is null || now is null)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"  page {index} {(was is null ? "appears" : "disappears")}");
                continue;
            }

            foreach (var (letter, name) in Flags)
            {
                var (a, b) = (was.Value.Flags.Contains(letter, StringComparison.Ordinal), now.Value.Flags.Contains(letter, StringComparison.Ordinal));
                if (a != b)
                {
                    yield return string.Create(CultureInfo.InvariantCulture, $"  page {index} {(b ? "+" : "-")}{name}");
                }
            }

            foreach (var (letter, name) in Tags)
            {
                var (a, b) = (was.Value.Tags.Contains(letter, StringComparison.Ordinal), now.Value.Tags.Contains(letter, StringComparison.Ordinal));
                if (a != b)
                {
                    yield return string.Create(CultureInfo.InvariantCulture, $"  page {index} {(b ? "+" : "-")}{name}");
                }
            }
        }

        foreach (var key in restBefore.Keys.Union(restAfter.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (restBefore.GetValueOrDefault(key, ""), restAfter.GetValueOrDefault(key, ""));
            if (a != b)
            {
                yield return key == "as" ? $"  mapping flags AS_{Names(a)} -> AS_{Names(b)}" : $"  {key.ToUpperInvariant()} {a} -> {b}";
            }
        }
    }

    private static string Names(string bits) => bits.Length == 0 ? "none" : string.Join("|", bits.Select(c => c == 'E' ? "EIO" : "ENOSPC"));

    private static (Dictionary<long, (string Flags, string Tags)?> Pages, Dictionary<string, string> Others) Parse(string state)
    {
        var pages = new Dictionary<long, (string, string)?>();
        var rest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in state.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            var key = field[..colon];
            var value = field[(colon + 1)..];
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                pages[index] = (value[..slash], value[(slash + 1)..]);
            }
            else
            {
                rest[key] = value;
            }
        }

        return (pages, rest);
    }
}
