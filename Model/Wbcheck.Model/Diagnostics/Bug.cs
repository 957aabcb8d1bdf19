using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Diagnostics;

/// <summary>The kernel's assertion macros, as model assertions.</summary>
public static class Bug
{
    /// <summary>BUG_ON / VM_BUG_ON_FOLIO: <paramref name="condition"/> must never hold.</summary>
    public static void On(bool condition, string function, string rule)
    {
        if (condition)
        {
            throw new KernelBugException(function, rule);
        }
    }

    /// <summary>
    /// As <see cref="On(bool, string, string)"/>, with a rule written as an interpolated string:
    /// it is formatted only when the assertion fails, so an assertion on a hot path costs nothing.
    /// </summary>
    public static void On(bool condition, string function, [InterpolatedStringHandlerArgument(nameof(condition))] ref BugRuleHandler rule)
    {
        if (condition)
        {
            throw new KernelBugException(function, rule.ToStringAndClear());
        }
    }
}
