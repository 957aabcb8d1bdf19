namespace Wbcheck.Model.Diagnostics;

/// <summary>
/// A model assertion failed: the kernel's BUG_ON / VM_BUG_ON / WARN_ON, or a rule a kernel comment
/// states. The message names the kernel function and the rule broken.
/// </summary>
public sealed class KernelBugException(string function, string message)
    : Exception($"{function}: {message}")
{
    public string Function { get; } = function;
}
