using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// The bounds writeback_set_ratelimit documents, for any number of CPUs and any memory: at least
/// 16 pages between looks; at most four megabytes, so a throttled task writes at most six; and,
/// unless raised to the 16-page minimum, all CPUs together overshoot by at most 1/32 of memory.
/// </summary>
public static class RatelimitProperty
{
    public const string Name = "writeback_set_ratelimit: 16 pages to 4 MB, all CPUs together at most 1/32 of memory";

    public static Property For(Faults faults) => Prop.ForAll(RatelimitCase.Arbitrary, c =>
    {
        var violation = Check(c, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first bound <paramref name="c"/> breaks, or null.</summary>
    public static string? Check(RatelimitCase c, Faults faults)
    {
        var (kernel, _) = ThrottleKernels.Boot(c.Machine, VmSysctls.Default, faults);
        var throttle = kernel.Throttle;
        var ratelimit = throttle.RatelimitPages;
        const long FourMegabytes = 4096 * 1024 / DirtyThrottle.PageCacheSize;
        return ratelimit < 16 ? $"ratelimit_pages {ratelimit} is under 16"
            : ratelimit > FourMegabytes ? $"ratelimit_pages {ratelimit} is over four megabytes ({FourMegabytes} pages)"
            : throttle.SyncWritebackPages() > FourMegabytes * 3 / 2 ? $"the write chunk {throttle.SyncWritebackPages()} is over six megabytes"
            : ratelimit > 16 && c.OnlineCpus * ratelimit > c.TotalPages / 32
                ? $"{c.OnlineCpus} CPU(s) x ratelimit_pages {ratelimit} = {c.OnlineCpus * ratelimit} pages is more than 1/32 of {c.TotalPages} pages"
            : null;
    }
}
