using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// A page dirtied while its inode is being written. __mark_inode_dirty sets the flag and returns
/// when the inode is I_SYNC (I_LOCK in 2.6.20): no new dirtied_when, no list move; the writer
/// places the inode when done.
/// </summary>
public sealed class InodeDirtiedDuringWriteTests
{
    private static ThrottleWorld World(KernelEra era) => new(config: KernelConfig.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_dirtied_during_the_inodes_write_keeps_its_dirtied_when(KernelEra era)
    {
        var world = World(era);
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 3);
        Assert.Equal(0, file.DirtiedWhen);
        world.Kernel.Timers.Advance(9);
        disk.AfterWrite = page =>
        {
            if (page.Index == 0)
            {
                world.Kernel.Filemap.AddCachedPage(file.Mapping, 10, dirty: true);
            }
        };

        // One page of three written (nr_to_write 1); page 10 dirtied at jiffy 9 while the inode
        // is I_SYNC. Whatever list the walk's end picks (requeue_io, redirty_tail with an empty
        // b_dirty, 2.6.20's move for a redirtied inode), the inode keeps jiffy 0: restamped at 9,
        // the next pass's cut-off and kupdate's expiry would skip the two pages left since 0.
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, RangeEnd = WritebackControl.LLongMax }));

        Assert.Equal(InodeState.DirtyPages, file.State & InodeState.DirtyPages);
        Assert.Equal(0, file.DirtiedWhen);
    }
}
