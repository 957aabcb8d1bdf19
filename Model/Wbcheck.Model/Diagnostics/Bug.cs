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
}
