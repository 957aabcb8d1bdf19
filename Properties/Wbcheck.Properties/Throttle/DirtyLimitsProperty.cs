using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// The relations get_dirty_limits promises, for any sysctl values and memory state: the clamped
/// dirty level is never below 5%, the background level is below it, neither threshold is
/// negative or more than the memory it is a share of (with the 25% boost), the boost is exactly
/// a quarter and only for less-throttled or real-time tasks, and computing them neither
/// overflows nor divides by zero (an exception is a failure).
/// </summary>
public static class DirtyLimitsProperty
{
    public const string Name = "get_dirty_limits: 5% floor, background below dirty, never negative, no overflow or division by zero";

    public static Property For(Faults faults) => Prop.ForAll(LimitsCase.Arbitrary, c =>
    {
        var violation = Check(c, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first relation <paramref name="c"/> breaks, or null.</summary>
    public static string? Check(LimitsCase c, Faults faults)
    {
        var (kernel, runtime) = ThrottleKernels.Boot(c.Machine, c.Sysctls, faults);
        kernel.Throttle.SetMappedMemory(c.FileMapped, c.AnonPages);
        var mapping = kernel.CreateInode(0, new Model.Fs.SimpleFs(kernel, Model.Fs.SimpleFsOptions.Default)).Mapping;
        mapping.GfpHighmem = !c.LowMemoryMapping;
        var available = c.LowMemoryMapping ? c.TotalPages - c.TotalHighPages : c.TotalPages;

        DirtyLimits limits = default, ordinary = default;
        try
        {
            ThrottleKernels.RunAs(runtime, kernel, c.Task, () =>
            {
                limits = kernel.Throttle.GetDirtyLimits(mapping);
                ordinary = kernel.Throttle.GetDirtyLimits(mapping, TaskStruct.Ordinary);
                return ValueTask.CompletedTask;
            });
        }
        catch (Exception e) when (e is OverflowException or DivideByZeroException)
        {
            return $"get_dirty_limits threw {e.GetType().Name}: {e.Message}";
        }

        var boosted = c.LessThrottle || c.RealTime;
        return limits.DirtyRatio < 5 ? $"the clamped dirty_ratio {limits.DirtyRatio}% is below the 5% floor"
            : limits.BackgroundRatio >= limits.DirtyRatio ? $"the background ratio {limits.BackgroundRatio}% is not below the dirty ratio {limits.DirtyRatio}%"
            : limits.Background < 0 || limits.Dirty < 0 ? $"a negative threshold: {limits}"
            : limits.Background > limits.Dirty ? $"background above dirty: {limits}"
            : limits.Dirty > available + (available / 4) ? $"the dirty threshold {limits.Dirty} is more than the {available} page(s) it is a share of, boosted"
            : boosted && limits.Dirty != ordinary.Dirty + (ordinary.Dirty / 4) ? $"the boost is not a quarter: {ordinary.Dirty} became {limits.Dirty}"
            : !boosted && limits != ordinary ? $"an ordinary task got {limits}, not {ordinary}"
            : null;
    }
}
