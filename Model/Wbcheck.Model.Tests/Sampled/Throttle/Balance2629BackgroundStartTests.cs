using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The way out of balance_dirty_pages of 2.6.29: unless pdflush is already working the queue
/// (writeback_in_progress), "if ((laptop_mode &amp;&amp; pages_written) || (!laptop_mode &amp;&amp;
/// (global_page_state(NR_FILE_DIRTY) + global_page_state(NR_UNSTABLE_NFS) &gt;
/// background_thresh))) pdflush_operation(background_writeout, 0)": strictly over the
/// background threshold, so dirty pages exactly at it start nothing. A machine of 100 pages:
/// dirty threshold 40, background 10, midpoint 25.
/// </summary>
public sealed class Balance2629BackgroundStartTests
{
    private const string BackgroundWriteout = "pdflush background_writeout";

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Background_writeout_starts_only_strictly_over_the_background_threshold(int dirty, bool started)
    {
        // 10 or 11 dirty pages: under the midpoint (25), so the loop breaks at once having
        // written nothing; then 10 > 10 is false (nothing started) and 11 > 10 true.
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Throttle.PageWritebackInit();
        var file = world.AddFile(dirty: dirty);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24));

        Assert.Equal(0, world.PagesSubmitted);
        Assert.Equal(started ? [BackgroundWriteout] : [], world.PendingNames);
    }
}
