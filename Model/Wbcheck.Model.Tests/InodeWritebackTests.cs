using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// fs/fs-writeback.c of 2.6.20: the walk over dirty inodes (sync_sb_inodes), one inode's
/// writeback (__writeback_single_inode, __sync_single_inode) and sync_inodes' budget.
/// </summary>
public sealed class InodeWritebackTests
{
    private static KernelConfig Era2620 => new() { Era = KernelEra.V2_6_20 };

    /// <summary>Records, at each writeback pass's start, its budget and who holds its inode's I_LOCK.</summary>
    private sealed class PassWatch : IKernelObserver
    {
        public List<(long NrToWrite, ModelThread? Holder)> Passes { get; } = [];

        public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc) =>
            Passes.Add((wbc.NrToWrite, mapping.Host.StateQueue.Holder));
    }

    [Fact]
    public void The_walk_stops_at_the_inode_that_spends_the_last_of_nr_to_write()
    {
        // "if (wbc->nr_to_write <= 0) break;": the second inode is not visited with nothing left,
        // so it keeps its pages dirty and its place (dirtied_when) on the dirty list.
        var world = new World(pages: 2, config: Era2620);
        var second = world.Kernel.CreateInode(2, world.Fs);
        world.Filemap.AddCachedPage(second.Mapping, 0, dirty: true);
        world.Filemap.AddCachedPage(second.Mapping, 1, dirty: true);
        var dirtiedWhen = second.DirtiedWhen;
        world.Kernel.Timers.Advance(100);

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2 }));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.All(new[] { 0L, 1L }, index => Assert.True(second.Mapping.Pages.Load(index)!.Dirty, $"second inode's page {index}"));
        Assert.NotEqual(InodeState.None, second.State & InodeState.DirtyPages);
        Assert.Equal(dirtiedWhen, second.DirtiedWhen);
    }

    [Fact]
    public void An_inode_left_with_only_page_0_dirty_stays_dirty()
    {
        // mapping_tagged(mapping, PAGECACHE_TAG_DIRTY) after the write: a range_cyclic pass from
        // writeback_index 1 spent nr_to_write on page 1, so page 0 is still dirty, and the inode
        // (marked clean before the write) goes back on the dirty list for it.
        var world = new World(pages: 2, config: Era2620);
        world.Mapping.WritebackIndex = 1;

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(world.Inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, RangeCyclic = true }));

        Assert.True(world.Page(1).Writeback);
        Assert.True(world.Page(0).Dirty && !world.Page(0).Writeback);
        Assert.NotEqual(InodeState.None, world.Inode.State & InodeState.DirtyPages);
        Assert.Equal(InodeState.None, world.Inode.State & InodeState.Lock);
    }

    [Fact]
    public void Sync_inodes_asks_for_twice_the_dirty_pages_and_one_more_an_inode_and_half_again_and_names_the_writer_holding_I_LOCK()
    {
        // The budget keeps pages dirtied during the sync from making it go on forever (2.6.20's
        // sync_inodes_sb: twice the dirty pages, the inodes in use, then "a bit more for luck");
        // I_LOCK's holder is whom a thread waiting in __wait_on_inode waits for, in a deadlock report.
        var world = new World(pages: 3, config: Era2620);
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);
        ModelThread? writer = null;

        world.Run(async () =>
        {
            writer = world.Runtime.Current;
            await world.Kernel.FsWriteback.SyncInodes(wait: false);
        });

        var (nrToWrite, holder) = Assert.Single(watch.Passes);
        Assert.Equal(((2 * 3) + 1) * 3 / 2, nrToWrite);
        Assert.NotNull(writer);
        Assert.Same(writer, holder);
        Assert.Null(world.Inode.StateQueue.Holder);
    }
}
