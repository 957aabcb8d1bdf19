using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// An inode switched to another wb while a flusher walks its old wb's list is not taken by that
/// flusher: inode_switch_wbs_work_fn moves it from the old wb's b_dirty/b_io to the new wb's
/// under both list_locks, and writeback_sb_inodes takes inodes from its own wb's b_io alone.
/// </summary>
public sealed class WbSwitchMidWalkTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void The_old_wbs_flusher_does_not_take_an_inode_switched_away_during_its_walk(KernelEra era)
    {
        // Two root inodes, first dirtied first; second then charged to job and its switch queued.
        // The root wb's walk listed both; while it waits for first's I/O (an integrity walk, so
        // that it sleeps), the switch work runs and puts second on job's wb. Job's 1000 pages and
        // the machine's 2 dirty ones are under every background threshold: job's flusher, woken
        // by the switch, runs after the walk (and then writes second: its wb has no completions,
        // so no share of the background threshold).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var takes = new TakenInodes();
        world.Kernel.Observers.Add(takes);
        world.Kernel.Observers.Add(new WbFlusherIsolation(world.Kernel));
        var first = world.Kernel.CreateInode(0, world.Fs);
        var second = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, first, pages: 1);
        InodeAttachWbTests.Write(world, second, pages: 1);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(second.Mapping);
        world.Throttle.InodeSwitchWbs(second, memcg);

        world.Run(() => world.Kernel.FsWriteback.WritebackInodesWb(new WritebackControl { SyncMode = WritebackSyncMode.All, NrToWrite = 16 }, null));
        world.RunAllPending();

        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(second));
        Assert.Equal(0, world.Throttle.IswNrInFlight);
        Assert.Equal([(null, first), (memcg.Wb, second)], takes.Taken);
        Assert.Null(WbAccounting.Check(world.Kernel));
    }

    /// <summary>Each inode a per-wb walk takes, with the walk's wb.</summary>
    private sealed class TakenInodes : IKernelObserver
    {
        public List<(CgroupWb? Wb, Inode Inode)> Taken { get; } = [];

        public void WbWritesInode(CgroupWb? wb, Inode inode) => Taken.Add((wb, inode));
    }
}
