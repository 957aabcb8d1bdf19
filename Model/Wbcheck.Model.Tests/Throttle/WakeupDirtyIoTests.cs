using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// wakeup_flusher_threads (sync(2), page reclaim) starts a bdi's writeback when bdi_has_dirty_io,
/// which goes by the writeback lists (<see cref="DirtyThrottle.BdiHasDirtyIo"/>), not by
/// I_DIRTY_PAGES. Before 3.6 the flusher clears I_DIRTY_PAGES before do_writepages, so a file
/// half written by a pass of 4 pages has none when sync's wake-up comes during the pass: the
/// disk still has dirty io (the inode under I_SYNC on b_io), and the work queued writes the rest.
/// </summary>
public sealed class WakeupDirtyIoTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_wakeup_during_a_pass_finds_dirty_io_in_the_file_being_written(KernelEra era)
    {
        var world = new ThrottleWorld(
            new Machine { TotalPages = 100, MaxWritebackPages = 4 },
            VmSysctls.V2_6_20Default with { DirtyWritebackInterval = 0 },
            config: KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        var file = disk.AddFile(dirty: 9);
        var stateAtWakeup = new List<InodeState>();

        world.Run(async () =>
        {
            var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 4, RangeCyclic = true };
            disk.AfterWrite = _ =>
            {
                if (stateAtWakeup.Count == 0)
                {
                    stateAtWakeup.Add(file.State);
                    world.Kernel.FsWriteback.WakeupFlusherThreads();
                }
            };
            await world.Kernel.FsWriteback.WritebackInodes(wbc);
        });

        var state = Assert.Single(stateAtWakeup);
        Assert.True((state & InodeState.Lock) != 0);
        Assert.Equal(era.AtLeast(KernelEra.V3_19), (state & InodeState.DirtyPages) != 0);
        Assert.Equal(4, world.PagesSubmitted);
        world.RunAllPending();
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(9, world.PagesSubmitted);
    }
}
