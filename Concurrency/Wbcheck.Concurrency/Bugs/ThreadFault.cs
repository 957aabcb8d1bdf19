using System.Runtime.ExceptionServices;
using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Bugs;

/// <summary>
/// The report of a model thread that ended with an exception, one rule for every engine: a failed
/// model assertion (a kernel BUG_ON), an invariant broken at a model event (a monitor named by its
/// invariant), the kernel's own arithmetic gone wrong (a division by zero or an undefined shift the
/// era's code did, named by its kernel function), or any other exception. A setting the era's kernel lacked, asked for by a thread at
/// run time, is no bug: the program's configuration is wrong, so it is thrown on to the caller as
/// bad input, as it is when a program asks for it while it builds its state.
/// </summary>
internal static class ThreadFault
{
    /// <param name="where">Where it happened, e.g. "in step 7 (lock_page(3))".</param>
    public static BugReport Report(ModelThread thread, Exception exception, string where, int step) => exception switch
    {
        KernelConfigException refused => Rethrow(refused),
        KernelBugException assertion => new BugReport
        {
            Kind = BugKind.ModelAssertion,
            Source = assertion.Function,
            Message = $"{thread} failed a model assertion {where}: {OneLine(assertion.Message)}",
            Step = step,
            ThreadId = thread.Id,
        },

        // An invariant watched at a model event (a sync returning, a page freed) is a monitor
        // like those checked after each step, named by its invariant.
        InvariantViolationException broken => new BugReport
        {
            Kind = BugKind.SafetyMonitor,
            Source = broken.Invariant,
            Message = $"{thread} broke '{broken.Invariant}' {where}: {OneLine(broken.Message)}",
            Step = step,
            ThreadId = thread.Id,
        },
        // The era's code did it, not the model: 3.18's bdi_update_dirty_ratelimit shifting by 64
        // or more is the kernel's own undefined behaviour, reported by the function that did it.
        KernelArithmeticException arithmetic => new BugReport
        {
            Kind = BugKind.KernelArithmetic,
            Source = arithmetic.Function,
            Message = $"{thread} hit the kernel's own arithmetic fault {where}: {OneLine(arithmetic.Message)}",
            Step = step,
            ThreadId = thread.Id,
        },
        _ => new BugReport
        {
            Kind = BugKind.UnhandledException,
            Source = exception.GetType().FullName ?? exception.GetType().Name,
            Message = $"{thread} threw {exception.GetType().Name} {where}: {OneLine(exception.Message)}",
            Step = step,
            ThreadId = thread.Id,
        },
    };

    private static BugReport Rethrow(KernelConfigException refused)
    {
        ExceptionDispatchInfo.Throw(refused);
        return null!;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
