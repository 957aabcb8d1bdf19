namespace Wbcheck.Model.Runtime;

/// <summary>The running model thread where code may also run outside any (a scenario or test building its initial state).</summary>
public static class KernelRuntimeCurrent
{
    /// <summary>The thread running, or null outside any.</summary>
    public static ModelThread? CurrentOrNull(this IKernelRuntime runtime)
    {
        try
        {
            return runtime.Current;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
