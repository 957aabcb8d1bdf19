using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// sync_inodes_sb's WB_SYNC_ALL work over a file whose every page the filesystem declines
/// (AOP_WRITEPAGE_ACTIVATE after redirtying it). The walk spends the chunk on the pages and counts
/// them in pages_skipped; until 68f4c6eba70d (the 3.19 to 5.0 eras) that is progress, and
/// wb_writeback goes round. What ends the kernel's loop is the clock: requeue_inode stamps the
/// still-dirty inode with jiffies (sync livelock prevention, 94c3dcbb0b0c), and once jiffies has
/// moved past the work's oldest_jif the next queue_io leaves it on b_dirty; the pass then makes no
/// progress with b_more_io empty, and the loop ends with the file dirty. The model's clock stood
/// still, so the restamped file was queued again pass after pass (docs/flusher-loop.md, "The
/// frozen clock").
/// </summary>
public sealed class SyncDeclinedFileTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 2)]
    [InlineData(KernelEra.V4_13, 2)]
    [InlineData(KernelEra.V5_0, 2)]
    [InlineData(KernelEra.V6_9, 1)]
    public void A_sync_work_over_a_file_whose_every_page_is_declined_ends_and_leaves_the_file_dirty(KernelEra era, int walks)
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }, recording: recording);
        world.Runtime.MaxSteps = 5_000;
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 3);
        for (var index = 0L; index < 3; index++)
        {
            disk.Declined.Add((file, index));
        }

        var start = world.Kernel.Timers.Jiffies;

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());

        // One walk writes the file (declined); until 68f4c6eba70d that is progress, and the next
        // walk finds nothing to queue: the file's stamp is after the work's start. From it the
        // first walk made no progress, and the loop ends there.
        // A sync work's walk is the superblock's (wb_writeback: "if (work->sb)"), not the flusher's.
        Assert.Equal(walks, recording.Count(world.Kernel.Names.SyncSbInodes));
        Assert.Equal(0, recording.Count(world.Kernel.Names.WritebackUnlockedInodes));
        Assert.Equal([file], disk.Written);

        // What it leaves: every page dirty and tagged, the inode dirty, stamped a tick after the
        // work began, so that the next sync queues it again.
        Assert.All(Enumerable.Range(0, 3), index => Assert.True(file.Mapping.Pages.Load(index)!.Dirty));
        Assert.True(file.Mapping.MappingTagged(XaMark.Dirty));
        Assert.Equal(InodeState.DirtyPages, file.State & InodeState.DirtyPages);
        Assert.Equal(start + 1, file.DirtiedWhen);
    }
}
