using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// sync(2)'s WB_SYNC_ALL work and what background writeout left on b_io (docs/flusher-loop.md,
/// "The walk order"): from 3.1 queue_io refills b_io only when it is empty, for sync's work too, so
/// its first walk takes what b_io holds and nothing else, and the inodes it is for are queued by
/// the next. 100 pages of memory (background threshold 10), MIN_WRITEBACK_PAGES 4. Background
/// writeout writes a slow file (8 pages, 16 ticks: past HZ/10) and goes back to its loop with a
/// second file of 3 pages still on b_io; under the threshold then, it stops. A third file is
/// dirtied, and sync_inodes_sb's work runs.
/// </summary>
public sealed class SyncWorkBIoTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_3_1_sync_s_work_walks_what_b_io_holds_before_it_queues_its_own_inodes(KernelEra era)
    {
        var (world, disk, recording, slow, left) = LeaveOnBIo(era, declined: false);
        var late = disk.AddFile(dirty: 1);
        var walkWritingLate = WalkWriting(disk, recording, late);

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());

        // The first walk writes the file left on b_io, the second queues and writes the third.
        // Refilling b_io on the first walk, as before 3.1, writes both there.
        Assert.Equal([slow, left, late], disk.Written);
        Assert.Equal(2, walkWritingLate());
    }

    /// <summary>
    /// The file left on b_io declines its 3 pages: sync's first walk makes no progress (from the
    /// 6.9 era: skipped pages are none, 68f4c6eba70d) and b_more_io is empty. On the 6.9 era the
    /// loop ends there, before it has queued, and sync returns with the third file dirty: the data
    /// loss d92109891f21 (6.10) ended. From 6.10 it goes round, since it has not queued yet. The
    /// integrity pass restamped the declined file a tick after the work began (the kernel's jiffies
    /// move while it writes: FsWriteback.RequeueInode.cs), so walk 2's queue_io leaves it on b_dirty
    /// and queues the third file alone; walk 3 finds nothing, and having queued and made no
    /// progress the loop ends.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V6_9, false)]
    [InlineData(KernelEra.V6_10, true)]
    public void A_sync_work_that_made_no_progress_on_what_b_io_held_goes_round_to_queue_from_d92109891f21(KernelEra era, bool goesRound)
    {
        var (world, disk, recording, slow, left) = LeaveOnBIo(era, declined: true);
        var late = disk.AddFile(dirty: 1);
        var walkWritingLate = WalkWriting(disk, recording, late);

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());

        if (goesRound)
        {
            Assert.Equal([slow, left, late], disk.Written);
            Assert.Equal(2, walkWritingLate());
            Assert.Equal(InodeState.None, late.State & InodeState.DirtyPages);
        }
        else
        {
            Assert.Equal([slow, left], disk.Written);
            Assert.Equal(0, walkWritingLate());
            Assert.Equal(InodeState.DirtyPages, late.State & InodeState.DirtyPages);
        }
    }

    private static (ThrottleWorld World, ScriptedDisk Disk, RecordingRuntime Recording, Inode Slow, Inode Left) LeaveOnBIo(KernelEra era, bool declined)
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }, recording: recording).DiskHasWritten();
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var left = disk.AddFile(dirty: 3); // 11 pages: over the threshold of 10 (at it is not over, from 2.6.37)
        disk.TicksPerPage[slow] = 2;
        if (declined)
        {
            disk.Declined.Add((left, 0));
            disk.Declined.Add((left, 1));
            disk.Declined.Add((left, 2));
        }

        world.Run(() => world.Throttle.BackgroundWriteout(0));
        Assert.Equal([slow], disk.Written);
        return (world, disk, recording, slow, left);
    }

    /// <summary>Which walk from now on (1 the first) writes <paramref name="inode"/>'s first page; 0 if none does.</summary>
    private static Func<int> WalkWriting(ScriptedDisk disk, RecordingRuntime recording, Inode inode)
    {
        // Background writeout's walks and sync's work's, each named as the era named it.
        var names = disk.Kernel.Names;
        int Walks() => recording.Count(names.WritebackUnlockedInodes) + recording.Count(names.SyncSbInodes);
        var walksBefore = Walks();
        var walk = 0;
        disk.AfterWrite = page =>
        {
            if (page.Mapping!.Host == inode && walk == 0)
            {
                walk = Walks() - walksBefore;
            }
        };
        return () => walk;
    }
}
