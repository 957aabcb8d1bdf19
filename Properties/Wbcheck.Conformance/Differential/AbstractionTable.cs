using System.Reflection;

namespace Wbcheck.Conformance.Differential;

/// <summary>
/// The table of deliberate abstractions, docs/abstractions.md (embedded in this assembly): the
/// differential tolerates a difference only when a row names it and the row's rule
/// (<see cref="Tolerances"/>) matches the case exactly.
/// </summary>
public static class AbstractionTable
{
    private static readonly Lazy<IReadOnlyList<Abstraction>> Rows = new(() => Parse(ReadEmbedded()));

    public static IReadOnlyList<Abstraction> All => Rows.Value;

    public static IReadOnlyList<Abstraction> For(string function, string version) =>
        All.Where(row => row.Function == function && row.Covers(version)).ToList();

    public static Abstraction Get(string id) =>
        All.FirstOrDefault(row => row.Id == id) ?? throw new InvalidOperationException($"docs/abstractions.md has no row {id}");

    /// <summary>The rows of the first table in <paramref name="markdown"/> whose header starts "| id |".</summary>
    public static IReadOnlyList<Abstraction> Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var rows = new List<Abstraction>();
        var inTable = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|'))
            {
                if (inTable)
                {
                    break;
                }

                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (!inTable)
            {
                inTable = cells.Length > 0 && cells[0] == "id";
                continue;
            }

            if (cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            if (cells.Length != 5)
            {
                throw new InvalidOperationException($"docs/abstractions.md: a row needs 5 cells (id, function, version, difference, reason): {line}");
            }

            rows.Add(new Abstraction(cells[0].Trim('`'), cells[1].Trim('`'), cells[2], cells[3], cells[4]));
        }

        return rows;
    }

    private static string ReadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("abstractions.md")
            ?? throw new InvalidOperationException("docs/abstractions.md is not embedded in Wbcheck.Conformance");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
