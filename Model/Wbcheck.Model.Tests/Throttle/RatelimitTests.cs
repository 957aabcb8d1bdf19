using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class RatelimitTests
{
    /// <summary>2.6.20's ratelimit and balance_dirty_pages, the 2.6.20 era's, in pagevecs of 8, so that generic_writepages writes exactly a chunk of 24 (PerBdiThrottleTests has 2.6.29's and 2.6.36's loops, IoLessRunningTests 3.x's).</summary>
    private static readonly KernelConfig Era2_6_20 = KernelConfig.Default with { Era = KernelEra.V2_6_20, BatchSize = 8 };

    private static readonly TaskStruct OnCpu0 = new() { Comm = "dd0", Cpu = 0 };
    private static readonly TaskStruct OnCpu1 = new() { Comm = "dd1", Cpu = 1 };

    [Theory]
    [InlineData(1, 65536, 1024)] // 2048 capped at four megabytes
    [InlineData(4, 65536, 512)] // a 32nd of memory shared by four CPUs
    [InlineData(2, 2048, 32)]
    [InlineData(1, 100, 16)] // 3 raised to the minimum
    [InlineData(64, Machine.MaxPages, 1024)]
    public void The_ratelimit_is_a_32nd_of_memory_per_cpu_between_16_pages_and_four_megabytes(int cpus, long pages, long expected)
    {
        var world = new ThrottleWorld(new Machine { OnlineCpus = cpus, TotalPages = pages });

        Assert.Equal(expected, world.Throttle.RatelimitPages);
    }

    [Fact]
    public void Before_boot_sizes_it_the_ratelimit_is_32()
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime());

        Assert.Equal(32, kernel.Throttle.RatelimitPages);
    }

    [Fact]
    public void A_cpu_looks_at_dirty_memory_only_every_ratelimit_pages()
    {
        // 2.6.20's per-CPU look (the 2.6.20 era's; 2.6.29 and 2.6.36 keep it); from 3.19 a task looks by its own count (IoLessRunningTests).
        var world = new ThrottleWorld(config: Era2_6_20);
        var file = world.AddFile(dirty: 60);

        for (var call = 1; call < 16; call++)
        {
            world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu0);
            Assert.Equal(call, world.Throttle.Ratelimits(0));
        }

        Assert.Equal(0, world.PagesSubmitted);
        world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu0);

        Assert.Equal(0, world.Throttle.Ratelimits(0));
        Assert.Equal(24, world.PagesSubmitted);
    }

    [Fact]
    public void Each_cpu_counts_its_own_pages()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, OnlineCpus = 2 }, config: Era2_6_20);
        var file = world.AddFile(dirty: 60);

        for (var call = 0; call < 10; call++)
        {
            world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu0);
            world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu1);
        }

        // 20 pages in all, but neither CPU has seen 16.
        Assert.Equal(10, world.Throttle.Ratelimits(0));
        Assert.Equal(10, world.Throttle.Ratelimits(1));
        Assert.Equal(0, world.PagesSubmitted);
    }

    [Fact]
    public void Once_dirty_memory_was_exceeded_a_cpu_looks_every_8_pages()
    {
        var world = new ThrottleWorld(config: Era2_6_20);
        var file = world.AddFile(dirty: 60);
        world.Run(() => world.Throttle.BalanceDirtyPagesRatelimitedNr(file.Mapping, 16), OnCpu0);
        Assert.True(world.Throttle.DirtyExceeded);

        for (var call = 1; call < 8; call++)
        {
            world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu0);
        }

        Assert.Equal(24, world.PagesSubmitted);
        world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping), OnCpu0);

        Assert.Equal(48, world.PagesSubmitted);
    }

    [Fact]
    public void Several_pages_dirtied_at_once_count_at_once()
    {
        var world = new ThrottleWorld(config: Era2_6_20);
        var file = world.AddFile(dirty: 0);

        world.Run(() => world.Throttle.BalanceDirtyPagesRatelimitedNr(file.Mapping, 5), OnCpu0);
        world.Run(() => world.Throttle.BalanceDirtyPagesRatelimitedNr(file.Mapping, 5), OnCpu0);

        Assert.Equal(10, world.Throttle.Ratelimits(0));
    }

    [Fact]
    public void A_buffered_write_throttles_its_writer_every_ratelimit_pages()
    {
        var world = new ThrottleWorld(config: Era2_6_20);
        var inode = world.AddFile(dirty: 0);
        var file = world.Kernel.Open(inode);

        world.Run(() => world.Kernel.Filemap.GenericFileBufferedWrite(file, 0, 80), OnCpu0);

        // It looks at pages 16 and 32 (under 40); at 48 it writes a chunk of 24 and goes on,
        // now looking every 8 pages; at 56 another chunk; at 64 only 16 pages are dirty, so it
        // writes them and waits for completions until 40 are left, which clears dirty_exceeded;
        // at 80 (16 pages later) the same again. The writer wrote every page back itself.
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(40, world.Vmstat.NrWriteback);
        Assert.Equal(80, world.PagesSubmitted);
        Assert.False(world.Throttle.DirtyExceeded);
    }
}
