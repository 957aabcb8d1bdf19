using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class FsWritebackTests
{
    private static WritebackControl Background(long pages) =>
        new() { SyncMode = WritebackSyncMode.None, NrToWrite = pages, RangeCyclic = true };

    [Fact]
    public void An_inode_records_when_it_went_from_clean_to_dirty()
    {
        var world = new ThrottleWorld();
        var inode = world.AddFile(dirty: 0, clean: 2);
        var file = world.Kernel.Open(inode);
        world.Kernel.Timers.Advance(7);

        world.Run(() => world.Kernel.Filemap.GenericPerformWrite(file, 0));
        world.Kernel.Timers.Advance(5);
        world.Run(() => world.Kernel.Filemap.GenericPerformWrite(file, 1));

        Assert.Equal(InodeState.DirtyPages, inode.State);
        Assert.Equal(7, inode.DirtiedWhen);
    }

    [Fact]
    public void Writeback_visits_inodes_oldest_dirtied_first_and_stops_when_its_pages_run_out()
    {
        var world = new ThrottleWorld();
        var young = world.AddFile(dirty: 0, clean: 3);
        world.Kernel.Timers.Advance(1);
        var old = world.AddFile(dirty: 0, clean: 3);
        world.Run(() => world.Kernel.Filemap.GenericPerformWrite(world.Kernel.Open(old), 0));
        world.Kernel.Timers.Advance(1);
        world.Run(() => world.Kernel.Filemap.GenericPerformWrite(world.Kernel.Open(young), 0));
        world.Run(() => world.Kernel.Filemap.GenericPerformWrite(world.Kernel.Open(young), 1));
        var wbc = Background(2);

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        // The older inode's one page, then one of the younger's two.
        Assert.Equal(0, wbc.NrToWrite);
        Assert.Equal(InodeState.None, old.State);
        Assert.Equal(InodeState.DirtyPages, young.State);
        Assert.Equal(1, world.Vmstat.NrFileDirty);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 9)]
    [InlineData(KernelEra.V2_6_36, 0)]
    [InlineData(KernelEra.V6_9, 0)]
    public void An_inode_left_dirty_goes_to_the_back_of_the_list_except_for_kupdate_and_from_2_6_36_a_used_up_slice(KernelEra era, long backgroundDirtiedWhen)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(3);

        // A younger dirty inode on b_dirty, so that 2.6.29's redirty_tail renews the stamp.
        world.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(6);

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, ForKupdate = true }));
        Assert.Equal(0, inode.DirtiedWhen);

        // Background writeout's slice used up: redirty_tail (dirtied now) until 2.6.36 made every
        // pass requeue_io it to b_more_io, dirtied_when kept.
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(inode, Background(1)));
        Assert.Equal(backgroundDirtiedWhen, inode.DirtiedWhen);
        Assert.Equal(InodeState.DirtyPages, inode.State);
    }

    [Fact]
    public void A_page_dirtied_during_writeback_marks_the_inode_dirty_again_keeping_its_time()
    {
        // Before 3.6, where I_DIRTY_PAGES is cleared before the write: from 3.6 the flag stays set
        // through it, and the pass that also writes the page dirtied meanwhile leaves the inode
        // clean (InodeDirtyPagesFlagTests).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_36 });
        var inode = world.AddFile(dirty: 1, clean: 1);
        var file = world.Kernel.Open(inode);
        world.Kernel.Timers.Advance(4);
        world.Kernel.Observers.Add(new DirtyOnPassStart(world, file));

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(inode, Background(10)));

        // __mark_inode_dirty on an I_SYNC inode sets the flag and leaves dirtied_when (0, when the
        // file was first dirtied); requeue_inode's redirty_tail keeps it, b_dirty being empty.
        Assert.Equal(InodeState.DirtyPages, inode.State);
        Assert.Equal(0, inode.DirtiedWhen);
    }

    [Fact]
    public void Memory_cleaning_writeback_skips_an_inode_another_thread_is_writing()
    {
        var world = new ThrottleWorld();
        var inode = world.AddFile(dirty: 3);
        inode.State |= InodeState.Lock;

        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(inode, Background(10)));

        Assert.Equal(0, world.PagesSubmitted);
    }

    [Fact]
    public void Integrity_writeback_waits_for_the_other_writer_of_an_inode()
    {
        var world = new ThrottleWorld();
        var inode = world.AddFile(dirty: 3);
        inode.State |= InodeState.Lock;

        var wait = Assert.Throws<Runtime.WouldBlockException>(() =>
            world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(inode, WritebackControl.Integrity())));

        Assert.Equal(inode.StateQueue, wait.Queue);
    }

    [Fact]
    public void Sync_writes_every_inode_then_waits_for_all_of_its_io()
    {
        var world = new ThrottleWorld();
        world.AddFile(dirty: 3);
        world.AddFile(dirty: 2);

        // The first pass holds written inodes on the dirty list, or the second would not wait.
        world.Run(async () =>
        {
            await world.Kernel.FsWriteback.SyncInodes(wait: false);
            Assert.Equal(5, world.Vmstat.NrWriteback);
            await world.Kernel.FsWriteback.SyncInodes(wait: true);
        });

        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(0, world.Vmstat.NrWriteback);
        Assert.All(world.Kernel.Inodes, inode => Assert.Equal(InodeState.None, inode.State));
    }

    [Fact]
    public void A_pdflush_thread_leaves_a_disk_another_pdflush_thread_is_writing()
    {
        var world = new ThrottleWorld();
        world.AddFile(dirty: 3);
        Assert.True(world.Kernel.BackingDev.WritebackAcquire());

        world.Throttle.WakeupPdflush(0);
        world.Runtime.RunPending(0);

        Assert.Equal(0, world.PagesSubmitted);
    }

    /// <summary>Dirties page 1 of the file when the first writeback pass over it starts.</summary>
    private sealed class DirtyOnPassStart(ThrottleWorld world, OpenFile file) : IKernelObserver
    {
        private bool done;

        public void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc)
        {
            if (done)
            {
                return;
            }

            done = true;
            var page = mapping.Pages.Load(1)!;
            page.Dirty = true;
            mapping.Pages.SetMark(1, XaMark.Dirty);
            world.Vmstat.NrFileDirty++;
            world.Kernel.FsWriteback.MarkInodeDirtyAtSetup(file.Inode);
        }
    }
}
