using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// The generic scheduling points (Coyote's <c>SchedulingPoint.Yield</c>, <c>Read</c> and
/// <c>Write</c>), for a program that is not the kernel model: await one where another thread may
/// run first. <see cref="Read"/> and <see cref="Write"/> name the shared object the thread is
/// about to access, and report that access as the next step's footprint, so a program that
/// declares footprints (<see cref="Programs.ProgramSetup.DeclareFootprints"/>) needs no
/// <see cref="Programs.SharedAccess.Touch"/> of its own for it. Lock points come with
/// <see cref="AsyncLock"/> and <see cref="AsyncSemaphore"/>.
/// </summary>
public static class SchedulingPoints
{
    private static readonly StepLabel YieldLabel = new("yield");

    /// <summary>A plain preemption point; the next step touches nothing it does not report itself.</summary>
    public static AccessPoint Yield(this IKernelRuntime runtime) => new(runtime.Schedule(PointKind.Yield, YieldLabel), null);

    /// <summary>A plain preemption point labelled <paramref name="label"/> in traces.</summary>
    public static AccessPoint Yield(this IKernelRuntime runtime, StepLabel label) => new(runtime.Schedule(PointKind.Yield, label), null);

    /// <summary>The thread is about to read the shared object <paramref name="key"/> (labelled by the key unless <paramref name="label"/> is given).</summary>
    public static AccessPoint Read(this IKernelRuntime runtime, string key, StepLabel? label = null) =>
        new(runtime.Schedule(PointKind.Read, label ?? new StepLabel(key)), key);

    /// <summary>The thread is about to write the shared object <paramref name="key"/> (labelled by the key unless <paramref name="label"/> is given).</summary>
    public static AccessPoint Write(this IKernelRuntime runtime, string key, StepLabel? label = null) =>
        new(runtime.Schedule(PointKind.Write, label ?? new StepLabel(key)), key);
}
