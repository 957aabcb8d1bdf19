using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Diagnostics;

/// <summary>
/// Formats the rule of a <see cref="Bug.On(bool, string, ref BugRuleHandler)"/> only when its
/// condition holds; otherwise none of the interpolation's parts is evaluated.
/// </summary>
[InterpolatedStringHandler]
public ref struct BugRuleHandler
{
    private DefaultInterpolatedStringHandler text;

    public BugRuleHandler(int literalLength, int formattedCount, bool condition, out bool isEnabled)
    {
        isEnabled = condition;
        text = condition ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => text.AppendFormatted(value, format);

    internal string ToStringAndClear() => text.ToStringAndClear();
}
