using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// A lazytime inode (I_DIRTY_TIME, 4.0) in the flusher's walk: written back, its pages clean, it
/// keeps its dirty timestamps, so 3.x's progress does not count it as an inode left clean
/// (I_DIRTY_ALL), and requeue_inode moves it to b_dirty_time stamped now (docs/flusher-loop.md).
/// </summary>
public sealed class LazytimeWalkTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_lazytime_inode_written_clean_is_no_clean_inode_of_progress_and_goes_to_b_dirty_time(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var lazy = world.Kernel.CreateInode(0, world.Fs);
        world.Run(() =>
        {
            world.Kernel.FsWriteback.MarkInodeDirtyTime(lazy);
            return ValueTask.CompletedTask;
        });
        for (var index = 0; index < 4; index++)
        {
            world.Kernel.Filemap.AddCachedPage(lazy.Mapping, index, dirty: true);
        }

        var plain = world.AddFile(dirty: 4);
        world.Kernel.Timers.Advance(5);
        var work = new WbWritebackWork { NrPages = WritebackControl.LongMax };
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, ForBackground = true, Work = work };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        // 8 pages written and one inode left clean: the plain file. The lazytime file is left
        // with its timestamps dirty, on b_dirty_time since jiffy 5; the plain one keeps its stamp.
        Assert.Equal(9, work.Progress);
        Assert.Equal(InodeState.DirtyTime, lazy.State);
        Assert.Equal(5, lazy.DirtiedWhen);
        Assert.Equal(0, plain.DirtiedWhen);
        Assert.Equal((InodeState)0, plain.State);
    }
}
