using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// Runs an action that must trip one model assertion, and checks it is that one: the kernel
/// function it names and the whole report, so that a test cannot pass on another assertion
/// firing first.
/// </summary>
internal static class Fired
{
    public static void Bug(string function, string message, Action action)
    {
        var bug = Assert.Throws<KernelBugException>(action);
        Assert.Equal(function, bug.Function);
        Assert.Equal($"{function}: {message}", bug.Message);
    }
}
