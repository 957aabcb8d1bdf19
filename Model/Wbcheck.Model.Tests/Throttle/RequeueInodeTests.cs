using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Where a written inode goes, era by era (requeue_inode from 3.6; writeback_single_inode and
/// writeback_sb_inodes before it; docs/flusher-loop.md, "Where a written inode goes"). Each walk
/// here is one WB_SYNC_NONE walk of the whole disk with a shared nr_to_write; the inode's place
/// shows as the walk's b_more_io tail and its dirtied_when.
/// </summary>
public sealed class RequeueInodeTests
{
    private static ThrottleWorld World(KernelEra era) => new(config: KernelConfig.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V3_19, true, 9L)]
    [InlineData(KernelEra.V6_9, true, 9L)]
    [InlineData(KernelEra.V3_19, false, 0L)]
    public void From_3_1_a_tagged_pass_stamps_an_inode_it_leaves_dirty_now(KernelEra era, bool tagged, long stamped)
    {
        var world = World(era);
        var file = world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(9);

        // One page of five. Untagged, redirty_tail keeps the stamp (b_dirty is empty); sync's
        // tagged pass stamps the inode now, so that the same sync does not queue it again.
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, TaggedWritepages = tagged, NrToWrite = 1 }));

        Assert.Equal(InodeState.DirtyPages, file.State);
        Assert.Equal(stamped, file.DirtiedWhen);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void An_inode_with_pages_the_filesystem_skipped_goes_back_to_b_dirty_though_its_slice_is_used_up(KernelEra era)
    {
        var world = World(era);
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 5);
        disk.Declined.Add((file, 0));
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2, ForBackground = true };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        // Page 0 declined, page 1 written: the slice is used up with pages still dirty, which would
        // requeue the inode to b_more_io; a skipped page sends it back by redirty_tail instead.
        Assert.Equal(1, wbc.PagesSkipped);
        Assert.Equal(0, wbc.NrToWrite);
        Assert.Null(wbc.MoreIoTail);
        Assert.Equal(InodeState.DirtyPages, file.State);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_2_6_36_an_inode_dirtied_again_during_its_used_up_slice_is_requeued(KernelEra era, bool requeued)
    {
        var world = World(era);
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 5);
        disk.AfterWrite = page =>
        {
            if (page.Index == 0)
            {
                world.Kernel.Filemap.AddCachedPage(file.Mapping, 10, dirty: true);
            }
        };
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2, ForKupdate = true };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        // kupdate's slice of 2 is used up with pages left, and a page was dirtied meanwhile: 2.6.29
        // put an inode dirtied again back by redirty_tail; from 2.6.36 pages still tagged dirty
        // are what counts, and the inode goes to b_more_io for the next turn.
        Assert.Equal(0, wbc.NrToWrite);
        Assert.Equal(requeued ? file : null, wbc.MoreIoTail);
        Assert.Equal(InodeState.DirtyPages, file.State);
    }
}
