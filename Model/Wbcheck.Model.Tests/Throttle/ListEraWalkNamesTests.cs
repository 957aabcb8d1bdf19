using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Before struct writeback_control (2.5.34) each caller of the inode walk had its own entry:
/// background writeout and kupdate writeback_unlocked_inodes, the throttled dirtier
/// writeback_backing_dev, sync sync_sb_inodes itself. A 2.5.31 trace names the walk as its caller
/// did; from 2.6.20 every walk is labelled writeback_inodes, as before.
/// </summary>
public sealed class ListEraWalkNamesTests
{
    private static (ThrottleWorld World, RecordingRuntime Recording) World(KernelEra era)
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }, recording: recording);
        return (world, recording);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "writeback_unlocked_inodes")]
    [InlineData(KernelEra.V2_6_20, "writeback_inodes")]
    public void Kupdate_s_walk_is_named_as_its_era_named_it(KernelEra era, string name)
    {
        var (world, recording) = World(era);
        world.AddFile(dirty: 3);
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyExpireInterval + 1);

        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.True(recording.Count(name) > 0, $"no {name}");
        Assert.Equal(recording.Count(name), Walks(recording));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "writeback_unlocked_inodes")]
    [InlineData(KernelEra.V2_6_20, "writeback_inodes")]
    public void Background_writeout_s_walk_is_named_as_its_era_named_it(KernelEra era, string name)
    {
        var (world, recording) = World(era);
        world.AddFile(dirty: 3);

        world.Run(() => world.Throttle.BackgroundWriteout(10));

        Assert.True(recording.Count(name) > 0, $"no {name}");
        Assert.Equal(recording.Count(name), Walks(recording));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "sync_sb_inodes")]
    [InlineData(KernelEra.V2_6_20, "sync_sb_inodes")]
    public void Sync_s_walks_are_named_as_their_era_named_them(KernelEra era, string name)
    {
        var (world, recording) = World(era);
        world.AddFile(dirty: 3);

        world.Run(() => world.Kernel.FsWriteback.SyncInodes(wait: true));

        Assert.Equal(2, recording.Count(name));
        Assert.Equal(2, Walks(recording));
    }

    [Fact]
    public void In_2_5_31_the_throttled_dirtier_s_walk_is_writeback_backing_dev()
    {
        var (world, recording) = World(KernelEra.V2_5);
        var file = world.AddFile(dirty: 45);

        // 2.5.31's RATELIMIT_PAGES 128, tested before the bump ("count++ >="): the 129th page looks.
        world.Run(async () =>
        {
            await world.Throttle.BalanceDirtyPagesRatelimitedNr(file.Mapping, 128);
            await world.Throttle.BalanceDirtyPagesRatelimitedNr(file.Mapping, 1);
        });

        Assert.Equal(1, recording.Count("writeback_backing_dev"));
        Assert.Equal(1, Walks(recording));
    }

    /// <summary>The walks of any name: each begins with one yield point.</summary>
    private static int Walks(RecordingRuntime recording) =>
        recording.Count("writeback_inodes") + recording.Count("writeback_unlocked_inodes") + recording.Count("writeback_backing_dev") + recording.Count("sync_sb_inodes");
}
