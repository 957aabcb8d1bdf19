using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// sync(2)'s passes on the caller's thread, before the per-bdi flushers (docs/flusher-loop.md,
/// "sync(2) before 2.6.32"): sync_inodes(1) makes a pass that does not wait before the one that
/// does; until 2.6.29 that pass holds what it wrote on the dirty list for the wait
/// (WB_SYNC_HOLD, 4f5a99d64c17 ended it), and from 2.6.29 the WB_SYNC_ALL pass waits on every
/// inode with pages (Piggin's "fs: sync_sb_inodes fix"). Nothing completes the I/O here.
/// </summary>
public sealed class SyncInodesEraTests
{
    /// <summary>On 2.6.20 the held inode is found again by the WB_SYNC_ALL pass, which walks it once more.</summary>
    [Fact]
    public void Sync_inodes_with_wait_walks_without_waiting_first()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 3);
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);

        world.Run(() => world.Kernel.FsWriteback.SyncInodes(wait: true));

        Assert.Equal([(file.Mapping, WritebackSyncMode.None), (file.Mapping, WritebackSyncMode.All)], watch.Started);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, InodeState.DirtyPages)]
    [InlineData(KernelEra.V2_6_20, InodeState.DirtyPages)]
    [InlineData(KernelEra.V2_6_29, InodeState.None)]
    public void Until_2_6_29_the_pass_that_does_not_wait_holds_what_it_wrote_on_the_dirty_list(KernelEra era, InodeState after)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var file = world.AddFile(dirty: 3);

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb(wait: false));

        Assert.Equal(3, world.Vmstat.NrWriteback);
        Assert.Equal(after, file.State);
    }

    /// <summary>
    /// A page whose writeback began before sync(2), its inode written clean and off the lists: the
    /// 2.6.20 WB_SYNC_ALL pass finds no inode to wait on and returns with the page under writeback;
    /// from 2.6.29 the pass waits on it, which here blocks.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_29, true)]
    public void From_2_6_29_the_integrity_pass_waits_on_an_inode_no_dirty_list_holds(KernelEra era, bool waits)
    {
        var world = new World(pages: 1, config: KernelConfig.Default with { Era = era });
        var file = world.Inode;
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 4 }));
        Assert.Equal(InodeState.None, file.State);
        var page = world.Page(0);
        Assert.True(page.Writeback);

        if (waits)
        {
            var wait = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.FsWriteback.SyncInodesSb(wait: true)));
            Assert.Contains("writeback", wait.Message, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            world.Run(() => world.Kernel.FsWriteback.SyncInodesSb(wait: true));
            Assert.True(page.Writeback);
        }
    }

    /// <summary>
    /// An inode another thread is writing (I_SYNC, its I_DIRTY_PAGES cleared before the write, its
    /// page still dirty) stays on s_io in the kernel: sync's WB_SYNC_ALL pass meets it there and
    /// waits for the writer, here for ever.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void The_integrity_pass_waits_for_another_thread_writing_an_inode(KernelEra era)
    {
        var world = new World(pages: 1, config: KernelConfig.Default with { Era = era });
        world.Inode.State = InodeState.Lock;

        var wait = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.FsWriteback.SyncInodesSb(wait: true)));

        Assert.Equal(world.Inode.StateQueue, wait.Queue);
    }

    /// <summary>Two files, 3 and 2 dirty pages, no unstable ones.</summary>
    [Theory]
    [InlineData(KernelEra.V2_5, false, 6L)]
    [InlineData(KernelEra.V2_5, true, 6L)]
    [InlineData(KernelEra.V2_6_20, false, 18L)]
    [InlineData(KernelEra.V2_6_20, true, 18L)]
    [InlineData(KernelEra.V2_6_29, false, 7L)]
    [InlineData(KernelEra.V2_6_29, true, WritebackControl.LongMax)]
    public void The_pages_a_pass_of_sync_asks_for(KernelEra era, bool wait, long pages)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: 3);
        world.AddFile(dirty: 2);

        Assert.Equal(pages, world.Kernel.FsWriteback.SyncInodesSbNrToWrite(wait));
    }
}
