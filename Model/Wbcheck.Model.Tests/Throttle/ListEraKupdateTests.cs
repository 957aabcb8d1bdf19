using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 2.5.31's wb_kupdate made one walk of the old inodes with as many pages as were dirty, then
/// yielded; later eras loop in passes of MAX_WRITEBACK_PAGES until a short one. Passes of 4.
/// </summary>
public sealed class ListEraKupdateTests
{
    private static (ThrottleWorld World, RecordingRuntime Recording) World(KernelEra era)
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }, recording: recording);
        return (world, recording);
    }

    [Fact]
    public void In_2_5_31_kupdate_writes_every_old_page_in_one_walk_then_yields()
    {
        var (world, recording) = World(KernelEra.V2_5);
        world.AddFile(dirty: 9);
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyExpireInterval + 1);
        world.AddFile(dirty: 3); // young: not written

        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.Equal(9, world.PagesSubmitted);
        Assert.Equal(1, recording.Count("writeback_unlocked_inodes"));
        Assert.Equal(1, recording.Count("yield"));
    }

    [Fact]
    public void In_2_6_20_kupdate_loops_in_passes_of_max_writeback_pages_until_a_short_one()
    {
        var (world, recording) = World(KernelEra.V2_6_20);
        world.AddFile(dirty: 9);
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyExpireInterval + 1);

        world.Run(() => world.Throttle.WbKupdate(0));

        // The first pass writes all 9 (write_cache_pages finishes its pagevec past nr_to_write)
        // with its quota used up, so the loop goes round; the second writes none and ends it.
        Assert.Equal(9, world.PagesSubmitted);
        Assert.Equal(2, recording.Count("writeback_inodes"));
        Assert.Equal(0, recording.Count("yield"));
    }
}
