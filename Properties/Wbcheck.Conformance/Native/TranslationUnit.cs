using System.Globalization;
using System.Text;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Native;

/// <summary>
/// The one C file gcc compiles: the shim's header, the version's prelude if any, a prototype of each kernel function (they call
/// each other in file order), the kernel functions with #line pointing at where they came from,
/// the shim, then the driver that runs one case.
/// </summary>
public static class TranslationUnit
{
    public static string Build(IReadOnlyList<KernelFunction> functions, string driver, string? prelude = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var text = new StringBuilder();
        text.Append(ShimSource.Read("shim.h")).Append('\n');
        foreach (var function in functions)
        {
            // The prelude's stand-in for a helper the source defines gives way to the source's.
            text.Append(CultureInfo.InvariantCulture, $"#define WBCHECK_FROM_SOURCE_{function.Name} 1\n");
        }

        if (prelude is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#line 1 \"{prelude}\"\n").Append(ShimSource.Read(prelude)).Append('\n');
        }

        foreach (var function in functions)
        {
            text.Append(function.Prototype).Append('\n');
        }

        foreach (var function in functions)
        {
            text.Append(CultureInfo.InvariantCulture, $"#line {function.Line} \"{function.Path.Replace("\\", "/", StringComparison.Ordinal)}\"\n");
            text.Append(function.Text).Append('\n');
        }

        text.Append("#line 1 \"shim.c\"\n").Append(ShimSource.Read("shim.c")).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"#line 1 \"{driver}\"\n").Append(ShimSource.Read(driver));
        return text.ToString();
    }
}
