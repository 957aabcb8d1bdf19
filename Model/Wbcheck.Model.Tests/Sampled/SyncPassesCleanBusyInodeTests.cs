using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// From 3.6 I_DIRTY_PAGES stays set while an inode's pages are written, and an inode found clean
/// after its write leaves the writeback lists (inode_io_list_del; b_attached from 5.13) [R]: an
/// inode under I_SYNC with no dirty pages is on no list sync(2)'s WB_SYNC_ALL walk takes from, so
/// the walk never meets it, and never waits for its writer (writeback_single_inode's
/// inode_wait_for_writeback is for the inodes on b_io). Only before 2.6.32, where sync walked
/// s_io on its own thread, did the integrity walk meet an inode another thread was writing
/// (FsWriteback.DirtyInodesOldestFirst). Here another writer holds a clean file's I_SYNC for the
/// whole sync: the sync writes the dirty file and returns.
/// </summary>
public sealed class SyncPassesCleanBusyInodeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Sync_s_walk_does_not_wait_for_the_writer_of_a_clean_inode(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var busy = disk.AddFile(dirty: 0);
        var dirty = disk.AddFile(dirty: 2);
        busy.State |= InodeState.Lock;

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());

        Assert.Equal([dirty], disk.Written);
        Assert.Equal(InodeState.None, dirty.State & InodeState.DirtyPages);
        Assert.Equal(InodeState.Lock, busy.State);
    }
}
