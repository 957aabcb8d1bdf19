using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Laptop mode's timer from 2.6.32 asks bdi_has_dirty_io, which goes by the writeback lists
/// (<see cref="DirtyThrottle.BdiHasDirtyIo"/>), not by I_DIRTY_PAGES. Before 3.6 the flusher clears
/// I_DIRTY_PAGES before do_writepages, so a file half written by a pass of 4 pages, its pages
/// slow (2 jiffies each), has no I_DIRTY_PAGES when the quiet spell (3 jiffies) ends in the
/// middle of the pass: the disk still has dirty io (the inode is on b_io under I_SYNC), and the
/// timer queues the flush of every dirty page, which writes the rest after the pass.
/// </summary>
public sealed class LaptopDirtyIoTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_laptop_timer_finds_dirty_io_in_a_file_being_written_and_its_flush_writes_the_rest(KernelEra era)
    {
        var world = new ThrottleWorld(
            new Machine { TotalPages = 100, MaxWritebackPages = 4 },
            VmSysctls.V2_6_20Default with { LaptopMode = 3, DirtyWritebackInterval = 0 },
            config: KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 9);
        disk.TicksPerPage[file] = 2;
        var statesWhenTimerFired = new List<InodeState>();
        var timer = world.Throttle.LaptopModeWbTimer;
        world.Throttle.LaptopIoCompletion();

        world.Run(async () =>
        {
            var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 4, RangeCyclic = true };
            disk.AfterWrite = _ =>
            {
                if (!timer.Pending && statesWhenTimerFired.Count == 0)
                {
                    statesWhenTimerFired.Add(file.State);
                }
            };
            await world.Kernel.FsWriteback.WritebackInodes(wbc);
        });

        // The timer fired inside the pass, with the inode under I_SYNC (before 3.6 without
        // I_DIRTY_PAGES), and queued the flusher's work.
        var state = Assert.Single(statesWhenTimerFired);
        Assert.True((state & InodeState.Lock) != 0);
        Assert.Equal(era.AtLeast(KernelEra.V3_19), (state & InodeState.DirtyPages) != 0);
        Assert.Contains("flusher", world.PendingNames);
        world.RunAllPending();
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(9, world.PagesSubmitted);
    }
}
