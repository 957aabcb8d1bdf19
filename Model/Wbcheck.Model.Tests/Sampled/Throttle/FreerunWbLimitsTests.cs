using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The I/O-less balance_dirty_pages (3.2 on) leaves a dirtier under the freerun ceiling before it
/// works out the device's share of the thresholds: wb_dirty_limits (bdi_dirty_limits to 4.2) is
/// called past that test unless the device is strictlimit, so a freerun pass of an ordinary
/// device reports no wb_thresh and no wb_bg_thresh (both 0).
/// </summary>
public sealed class FreerunWbLimitsTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_freerun_pass_of_an_ordinary_device_works_out_no_share_of_the_thresholds(KernelEra era)
    {
        var input = new ThrottlePassInput(
            new MemoryCounters { FileLru = 99_999 },
            new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 },
            new TaskStruct { Comm = "writer" },
            new BdiWriteback { Numerator = 1, Denominator = 1 },
            NrDirty: 14_990, DomainDirtyLimit: 0, PagesDirtied: 32, Think: null, Dirtied: 0, Elapsed: 20);

        var pass = new PageWritebackThrottle(era, Faults.None).BalanceDirtyPagesPass(input);

        Assert.True(pass.Freerun);
        Assert.Equal((0UL, 0UL), (pass.WbThresh, pass.WbBgThresh));
    }
}
