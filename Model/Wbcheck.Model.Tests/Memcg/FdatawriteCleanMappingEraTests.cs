using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// Starting writeback of a range on a mapping with no DIRTY page, era by era (docs/audit.md).
/// Until c3aab9a0bd91 (5.4) __filemap_fdatawrite_range attached the pass to the inode, called
/// do_writepages and detached, so a round that wrote nothing still voted on the inode's owner: the
/// wb's own memcg won it and the average time decayed by an eighth. From it (the 6.9 era) the
/// function returns before the attach and before do_writepages.
/// </summary>
public sealed class FdatawriteCleanMappingEraTests
{
    public static TheoryData<KernelEra> PreGateCgwbEras => [KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0];

    [Theory]
    [MemberData(nameof(PreGateCgwbEras))]
    public void Before_5_4_a_clean_round_still_votes(KernelEra era)
    {
        var (world, inode) = FsyncedOnceByAForeignMemcg(era);

        Fdatawrite(world, inode);

        // The wb's own id wins a round of no bytes; avg_time += 0/8 - 8192/8; 0 is under
        // avg_time / WB_FRN_TIME_CUT_DIV, so the history is kept.
        Assert.Equal((MemCgroup.RootId, (ushort)7168, (ushort)0x001f), (inode.WbFrnWinner, inode.WbFrnAvgTime, inode.WbFrnHistory));
    }

    [Fact]
    public void From_5_4_a_clean_mapping_is_neither_attached_nor_written()
    {
        var (world, inode) = FsyncedOnceByAForeignMemcg(KernelEra.V6_9);
        world.Kernel.Timers.Advance(Time.Timers.Hz * 2);
        var stamp = world.Throttle.Bdi.BwTimeStamp;

        Fdatawrite(world, inode);

        // No vote, and no do_writepages: its wb_bandwidth_estimate_start would have restarted
        // the estimate after the idle second.
        Assert.Equal((2, (ushort)8192, (ushort)0x001f), (inode.WbFrnWinner, inode.WbFrnAvgTime, inode.WbFrnHistory));
        Assert.Equal(stamp, world.Throttle.Bdi.BwTimeStamp);
    }

    private static (ThrottleWorld World, Fs.Inode Inode) FsyncedOnceByAForeignMemcg(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.Bdi.AvgWriteBandwidth = 1;
        var inode = world.AddFile(dirty: 1);
        new MemCgroup("job", 1000).Charge(inode.Mapping);
        Fdatawrite(world, inode);
        world.RunAllPending();
        Assert.Equal((2, (ushort)8192, (ushort)0x001f), (inode.WbFrnWinner, inode.WbFrnAvgTime, inode.WbFrnHistory));
        return (world, inode);
    }

    private static void Fdatawrite(ThrottleWorld world, Fs.Inode inode) =>
        world.Run(async () => await world.Kernel.Filemap.FilemapFdatawriteRange(inode.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.All));
}
