using System.Globalization;
using System.Text;

namespace Wbcheck.Conformance.Differential;

/// <summary>Two event sequences in two columns, the first line where they differ marked.</summary>
public static class SideBySide
{
    public static int FirstDifference(IReadOnlyList<string> kernel, IReadOnlyList<string> model)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(model);
        var length = Math.Min(kernel.Count, model.Count);
        for (var i = 0; i < length; i++)
        {
            if (kernel[i] != model[i])
            {
                return i;
            }
        }

        return kernel.Count == model.Count ? -1 : length;
    }

    public static string Render(IReadOnlyList<string> kernel, IReadOnlyList<string> model, string kernelTitle, string modelTitle)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(model);
        var first = FirstDifference(kernel, model);
        var width = Math.Min(70, Math.Max(kernelTitle.Length, kernel.Count == 0 ? 0 : kernel.Max(e => e.Length)));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"   {Cell(kernelTitle, width)} | {modelTitle}\n");
        for (var i = 0; i < Math.Max(kernel.Count, model.Count); i++)
        {
            var a = i < kernel.Count ? kernel[i] : "";
            var b = i < model.Count ? model[i] : "";
            var mark = i == first ? ">> " : a == b ? "   " : " ! ";
            text.Append(CultureInfo.InvariantCulture, $"{mark}{Cell(a, width)} | {b}\n");
        }

        return text.ToString();
    }

    private static string Cell(string text, int width) => text.Length > width ? text[..(width - 1)] + "~" : text.PadRight(width);
}
