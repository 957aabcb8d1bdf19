using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// Structured mutations of a text input, as generators: byte flips, truncation, deleting and
/// duplicating lines (a trace keeps a field or a step to a line, a layout a directive), values of
/// the wrong type, huge and negative numbers, deep nesting, and names edited to other valid names
/// or to garbage. Each mutation starts from a valid input, so most reach the checks past parsing.
/// </summary>
internal static class Mutations
{
    /// <summary>Values that are the wrong type, or a number at an edge, wherever they land.</summary>
    private static readonly string[] Oddities =
    [
        "\"\"", "\"x\"", "0", "-1", "1.5", "1e308", "-2147483648", "2147483647", "2147483648", "9223372036854775807",
        "99999999999999999999999", "true", "false", "null", "[]", "{}", "[1]", "{\"a\": 1}", "\"\\ud800\"", "\"\\u0000\"",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "2", "3", "7", "255", "4096", "4097", "16384", "16385", "65536", "2147483647", "-2147483648",
        "4294967296", "9223372036854775807", "18446744073709551616", "1e9", "0x10", "1,000", "01", "",
    ];

    /// <summary>One mutation of <paramref name="seed"/>; <paramref name="names"/> are words worth swapping in (scenario names, eras, directives).</summary>
    public static Gen<string> Of(string seed, string[] names) =>
        Gen.Frequency(
            (3, FlipBytes(seed)),
            (2, Truncate(seed)),
            (3, DeleteLines(seed)),
            (3, DuplicateLines(seed)),
            (4, ReplaceToken(seed, Gen.Elements(Oddities))),
            (4, ReplaceNumber(seed)),
            (1, Nest(seed)),
            (4, ReplaceToken(seed, Gen.Elements(names).Select(n => n.StartsWith('"') ? n : $"\"{n}\""))),
            (3, ReplaceWord(seed, names)));

    /// <summary>Several mutations, one after another.</summary>
    public static Gen<string> Repeated(string seed, string[] names) =>
        Gen.Frequency((6, Of(seed, names)), (2, Of(seed, names).SelectMany(once => Of(once, names))), (1, Gen.Constant(seed)));

    private static Gen<string> FlipBytes(string text) =>
        from count in Gen.Choose(1, 4)
        from positions in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, text.Length - 1)), count)
        from bits in Gen.ArrayOf(Gen.Choose(1, 255), count)
        select Flip(text, positions, bits);

    private static string Flip(string text, int[] positions, int[] bits)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < positions.Length && bytes.Length > 0; i++)
        {
            bytes[positions[i] % bytes.Length] ^= (byte)bits[i];
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static Gen<string> Truncate(string text) => Gen.Choose(0, text.Length).Select(length => text[..length]);

    private static Gen<string> DeleteLines(string text)
    {
        var lines = text.Split('\n');
        return from first in Gen.Choose(0, lines.Length - 1)
               from count in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(1, 5)))
               select string.Join('\n', lines.Take(first).Concat(lines.Skip(first + count)));
    }

    private static Gen<string> DuplicateLines(string text)
    {
        var lines = text.Split('\n');
        return from at in Gen.Choose(0, lines.Length - 1)
               from times in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(2, 2000)))
               select string.Join('\n', lines.Take(at + 1).Concat(Enumerable.Repeat(lines[at], times)).Concat(lines.Skip(at + 1)));
    }

    /// <summary>Replace one JSON value (a string, number or literal after a ':' or in a list) with another.</summary>
    private static Gen<string> ReplaceToken(string text, Gen<string> replacement)
    {
        var spans = Values(text);
        return spans.Count == 0
            ? Gen.Constant(text)
            : from index in Gen.Choose(0, spans.Count - 1)
              from value in replacement
              select text[..spans[index].Start] + value + text[spans[index].End..];
    }

    private static Gen<string> ReplaceNumber(string text)
    {
        var spans = Digits(text);
        return spans.Count == 0
            ? Gen.Constant(text)
            : from index in Gen.Choose(0, spans.Count - 1)
              from value in Gen.Elements(Numbers)
              select text[..spans[index].Start] + value + text[spans[index].End..];
    }

    private static Gen<string> ReplaceWord(string text, string[] names)
    {
        var words = Words(text);
        return words.Count == 0
            ? Gen.Constant(text)
            : from index in Gen.Choose(0, words.Count - 1)
              from name in Gen.Frequency((3, Gen.Elements(names)), (1, Gen.Elements("", "x", "-", "#", "é", "\t", "a b", new string('w', 300))))
              select text[..words[index].Start] + name.Trim('"') + text[words[index].End..];
    }

    private static Gen<string> Nest(string text)
    {
        var spans = Values(text);
        return spans.Count == 0
            ? Gen.Constant(text)
            : from index in Gen.Choose(0, spans.Count - 1)
              from depth in Gen.Frequency((3, Gen.Choose(1, 70)), (1, Gen.Choose(1000, 5000)))
              from open in Gen.Elements('[', '{')
              select text[..spans[index].Start] + Nested(depth, open) + text[spans[index].End..];
    }

    private static string Nested(int depth, char open) =>
        open == '['
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>Where the JSON-looking values are: quoted strings and bare words or numbers after ':' , '[' or ','.</summary>
    private static List<(int Start, int End)> Values(string text)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not (':' or '[' or ','))
            {
                continue;
            }

            var start = i + 1;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }

            if (start >= text.Length)
            {
                break;
            }

            var end = start;
            if (text[start] == '"')
            {
                end++;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(end + 1, text.Length);
            }
            else
            {
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.' or '+'))
                {
                    end++;
                }
            }

            if (end > start)
            {
                spans.Add((start, end));
            }
        }

        return spans;
    }

    private static List<(int Start, int End)> Digits(string text)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }

            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            spans.Add((i, end));
            i = end;
        }

        return spans;
    }

    private static List<(int Start, int End)> Words(string text)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiLetter(text[i]))
            {
                continue;
            }

            var end = i;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '_' or '.'))
            {
                end++;
            }

            spans.Add((i, end));
            i = end;
        }

        return spans;
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
