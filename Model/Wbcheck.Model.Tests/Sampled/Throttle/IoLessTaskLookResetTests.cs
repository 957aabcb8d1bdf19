using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The I/O-less throttle of 3.18 (the model's 3.19 era). balance_dirty_pages_ratelimited: "if
/// (unlikely(current-&gt;nr_dirtied &gt;= ratelimit)) *p = 0;": a task that looks because it
/// has dirtied its own nr_dirtied_pause pages also resets its CPU's bdp_ratelimits to 0, as
/// a look for the CPU's count does, since the look it is about to take covers those pages.
/// </summary>
public sealed class IoLessTaskLookResetTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void A_task_that_reaches_its_own_pause_resets_its_cpus_count()
    {
        // 4,000 pages, dirty_ratio 40: threshold about 1,600, ratelimit_pages = 1,600 / 32 = 50,
        // above a fresh task's nr_dirtied_pause of 32.
        var world = new ThrottleWorld(machine: new Machine { TotalPages = 4000 }, config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        Assert.InRange(world.Throttle.RatelimitPages, 33, 64);
        var file = world.Kernel.Open(world.AddFile(dirty: 0, clean: 40));

        // 31 pages: nr_dirtied 31 < 32 and bdp_ratelimits 31 < ratelimit_pages: no look.
        Write(world, file, 0, 31);
        Assert.Equal(31, world.Throttle.Ratelimits(0));

        // The 32nd: nr_dirtied 32 >= 32, so bdp_ratelimits (32) goes to 0, and the look, at 32
        // dirty pages under the freerun ceiling, resets nr_dirtied.
        Write(world, file, 31, 1);
        Assert.Equal(0, world.Throttle.Ratelimits(0));
        Assert.Equal(0, world.Throttle.DirtiedBy(Dd).NrDirtied);
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
