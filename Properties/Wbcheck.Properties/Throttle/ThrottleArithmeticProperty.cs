using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// The throttle of each era computes without a division by zero or an undefined shift, and
/// keeps its documented bounds: the background threshold below the dirty one; until 2.6.37 the
/// 5% floor; a boosted task a quarter more; and from 3.2 (the I/O-less balance_dirty_pages) a
/// pause between 0 and max_pause, max_pause at most MAX_PAUSE, min_pause at most max_pause, and a freerun task that looks again after at least one page.
/// 2.6.20's get_dirty_limits is checked by <see cref="DirtyLimitsProperty"/> on the same case.
/// </summary>
public static class ThrottleArithmeticProperty
{
    public const string Name = "throttle arithmetic";

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(ThrottleCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first rule <paramref name="c"/> breaks on <paramref name="era"/>, or null.</summary>
    public static string? Check(ThrottleCase c, KernelEra era, Faults faults)
    {
        if (era.Before(KernelEra.V2_6_29))
        {
            return DirtyLimitsProperty.Check(AsLimitsCase(c), faults);
        }

        var throttle = new PageWritebackThrottle(era, faults);
        try
        {
            return CheckLimits(c, throttle) ?? (era.AtLeast(KernelEra.V3_19) ? CheckPass(c, throttle) : null);
        }
        catch (KernelArithmeticException e)
        {
            return e.Message;
        }
    }

    private static string? CheckLimits(ThrottleCase c, PageWritebackThrottle throttle)
    {
        var limits = throttle.GlobalDirtyLimits(c.Memory, c.Settings, c.Task, (ulong)c.DomainDirtyLimit);
        var ordinary = throttle.GlobalDirtyLimits(c.Memory, c.Settings, TaskStruct.Ordinary, (ulong)c.DomainDirtyLimit);
        var floor = throttle.Era.Before(KernelEra.V3_19) && c.DirtyBytes == 0 ? 5 * ordinary.Avail / 100 : 0;
        return ordinary.Background >= ordinary.Dirty && ordinary.Background != 0 ? $"the background threshold is not below the dirty one: {ordinary}"
            : ordinary.Dirty < floor ? $"the dirty threshold {ordinary.Dirty} is below the 5% floor ({floor} of {ordinary.Avail} pages)"
            : limits.Dirty < ordinary.Dirty + (ordinary.Dirty / 4) && (c.RealTime || (c.LessThrottle && throttle.Era.Before(KernelEra.V6_9)))
                ? $"a boosted task got {limits.Dirty}, less than a quarter over {ordinary.Dirty}"
            : null;
    }

    private static string? CheckPass(ThrottleCase c, PageWritebackThrottle throttle)
    {
        var pass = throttle.BalanceDirtyPagesPass(c.Input);
        return pass.Freerun
                ? pass.NrDirtiedPause < 1 ? $"a freerun task looks again after {pass.NrDirtiedPause} pages: {pass}" : null
            : pass.MaxPause > PageWritebackThrottle.MaxPause ? $"max_pause {pass.MaxPause} is over MAX_PAUSE ({PageWritebackThrottle.MaxPause}): {pass}"
            : pass.MinPause > pass.MaxPause ? $"min_pause {pass.MinPause} is over max_pause {pass.MaxPause}: {pass}"
            : pass.Pause < 0 || pass.Pause > pass.MaxPause ? $"the pause {pass.Pause} is not within 0 to max_pause {pass.MaxPause}: {pass}"
            : null;
    }

    /// <summary>2.6.20 reads only vm_total_pages: all the case's pages, its highmem, and its anonymous pages.</summary>
    private static LimitsCase AsLimitsCase(ThrottleCase c)
    {
        var total = Math.Max(1, c.FreePages + c.FileLru + c.AnonLru);
        return new LimitsCase(total, Math.Min(total, c.HighFreePages + c.HighFileLru), c.DirtyRatio, c.DirtyBackgroundRatio, 0, c.AnonLru, LowMemoryMapping: false, c.LessThrottle, c.RealTime);
    }
}
