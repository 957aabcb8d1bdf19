using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>100 pages, two CPUs: dirty threshold 40, ratelimit 16, so at most 72 dirty pages.</summary>
public sealed class DirtyOvershootTests
{
    /// <summary>2.6.20's throttle, the 2.6.20 era's (the per-device and I/O-less bounds are checked by the running-throttle property and DirtyThrottleErasTests).</summary>
    private static ThrottleWorld World() => new(new Machine { TotalPages = 100, OnlineCpus = 2 }, config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });

    [Fact]
    public void Up_to_a_ratelimit_per_cpu_over_the_threshold_holds()
    {
        var world = World();
        world.AddFile(dirty: 70);
        world.Throttle.SetUnstableNfs(2);

        Assert.Null(DirtyOvershoot.Check(world.Kernel));
    }

    [Fact]
    public void One_page_more_is_reported_with_the_numbers()
    {
        var world = World();
        world.AddFile(dirty: 73);

        Assert.Equal(
            "73 dirty and unstable page(s) exceed the dirty threshold 40 by 33, more than 2 CPU(s) x ratelimit_pages 16 = 32",
            DirtyOvershoot.Check(world.Kernel));
    }

    [Fact]
    public void Pages_under_writeback_are_not_bounded_by_it()
    {
        var world = World();
        var file = world.AddFile(dirty: 90);
        world.StartWriteback(file, 60);

        Assert.Null(DirtyOvershoot.Check(world.Kernel));
    }

    [Fact]
    public void Dirtiers_taking_turns_page_by_page_stay_within_it()
    {
        var world = World();
        var files = new[] { world.Kernel.Open(world.AddFile(dirty: 0)), world.Kernel.Open(world.AddFile(dirty: 0)) };
        var tasks = new[] { new TaskStruct { Comm = "dd0", Cpu = 0 }, new TaskStruct { Comm = "dd1", Cpu = 1 } };

        for (var index = 0; index < 100; index++)
        {
            for (var cpu = 0; cpu < 2; cpu++)
            {
                world.Run(() => world.Kernel.Filemap.GenericFileBufferedWrite(files[cpu], index, 1), tasks[cpu]);
                Assert.Null(DirtyOvershoot.Check(world.Kernel));
            }
        }

        Assert.Equal(200, world.PagesSubmitted + world.Vmstat.NrFileDirty);
    }
}
