using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The way out of balance_dirty_pages of 2.6.36 (mm/page-writeback.c, the per-device loop that
/// 3.1's IO-less throttle replaced). A machine of 100 pages: dirty threshold 40, background 10,
/// their midpoint (10 + 40) / 2 = 25. On the way out the kernel does
/// "if (!dirty_exceeded &amp;&amp; bdi-&gt;dirty_exceeded) bdi-&gt;dirty_exceeded = 0", then, unless
/// writeback is in progress, "if ((laptop_mode &amp;&amp; pages_written) || (!laptop_mode &amp;&amp;
/// (nr_reclaimable &gt; background_thresh))) bdi_start_background_writeback(bdi)".
/// </summary>
public sealed class Balance2636ExitTests
{
    private const string BackgroundWriteout = "pdflush background_writeout";

    private static ThrottleWorld Booted(VmSysctls? sysctls = null)
    {
        var world = new ThrottleWorld(sysctls: sysctls, config: new KernelConfig { Era = KernelEra.V2_6_36 });
        world.Throttle.PageWritebackInit();
        return world;
    }

    [Fact]
    public void A_task_under_the_midpoint_clears_the_disk_s_dirty_exceeded_another_call_set()
    {
        // First call: 60 dirty pages, over the midpoint and over the disk's share (0: no
        // completion yet), so the task sets dirty_exceeded and writes its chunk of 24; it leaves
        // with dirty_exceeded still set (it left by "done its duty", exceeded). Running what is
        // pending completes those writes and the background writeout it started, which writes
        // down under the background threshold (10). Second call: dirty + writeback is under 25,
        // so the loop breaks with the local dirty_exceeded 0 and the disk's flag is cleared.
        var world = Booted();
        var file = world.AddFile(dirty: 60);
        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));
        Assert.True(world.Throttle.DirtyExceeded);
        world.RunAllPending();
        Assert.InRange(world.Vmstat.NrFileDirty + world.Vmstat.NrWriteback, 0, 24);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        Assert.False(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void Out_of_laptop_mode_a_task_over_the_background_threshold_starts_background_writeback()
    {
        // 20 dirty pages: under the midpoint (25), so the task goes on at once, having written
        // nothing; not in laptop mode and 20 > 10, so background writeback is started.
        var world = Booted();
        var file = world.AddFile(dirty: 20);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        Assert.Equal(0, world.PagesSubmitted);
        Assert.Equal([BackgroundWriteout], world.PendingNames);
    }

    [Fact]
    public void In_laptop_mode_a_task_that_wrote_nothing_starts_no_background_writeback()
    {
        // The same 20 dirty pages in laptop mode: pages_written is 0, so nothing is started
        // (laptop mode lets dirty data build up to the dirty threshold).
        var world = Booted(VmSysctls.V2_6_20Default with { LaptopMode = 5 * Time.Timers.Hz });
        var file = world.AddFile(dirty: 20);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        Assert.Equal(0, world.PagesSubmitted);
        Assert.Empty(world.PendingNames);
    }
}
