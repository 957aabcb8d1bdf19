using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// A dying wb's references and its release (cgwb_release, cgwb_release_workfn, wb_shutdown):
/// the wb lives while its inodes' i_wb, a switch work or a writeback pass holds it; once its
/// memcg is offline and the last holder lets go it is freed, and a pointer kept without a
/// reference (a missed wb_get) is reported as a use after free. Also the dying-wb cleanup's
/// batches of WB_MAX_INODES_PER_ISW - 1 with its restart (c22d70a162d3, 5.14), its retry
/// of a skipped wb at the next memcg's offline (offline_cgwbs), and its walk of b_dirty_time
/// after b_attached (lazytime inodes, Jingbo Xu's fix of 2023).
/// </summary>
public sealed class CgwbReleaseOfflineTests
{
    [Fact]
    public void On_6_9_the_dying_wb_is_released_once_the_cleanup_has_switched_its_last_inode()
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var wb = memcg.Wb!;
        Assert.Equal(2L, wb.Refcnt); // the initial reference and the inode's i_wb

        world.Throttle.MemCgroupCssOffline(memcg);
        Assert.Equal(1L, wb.Refcnt); // percpu_ref_kill dropped the initial one
        Assert.Contains(wb, world.Throttle.OfflineCgwbs);
        world.RunAllPending();

        Assert.Null(world.Throttle.InodeToWb(files[0]));
        Assert.True(wb.Freed);
        Assert.DoesNotContain(wb, world.Throttle.CgroupWbs);
        Assert.Empty(world.Throttle.OfflineCgwbs);
        Assert.Null(WbAccounting.Check(world.Kernel, cumulative: false));
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    public void Before_5_14_the_inodes_reference_keeps_the_dying_wb(KernelEra era)
    {
        var (world, memcg, files) = CleanFilesOfJob(era, 1);
        var wb = memcg.Wb!;

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.Same(wb, world.Throttle.InodeToWb(files[0]));
        Assert.Equal((false, 1L), (wb.Freed, wb.Refcnt));
        Assert.Contains(wb, world.Throttle.CgroupWbs);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_writeback_pass_that_took_no_reference_lets_the_offline_free_the_wb_under_its_inode(KernelEra era)
    {
        // The pass of CleanFilesOfJob attached without wb_get and detached with wb_put: it
        // dropped the reference of the inode's i_wb.
        var (world, memcg, files) = CleanFilesOfJob(era, 1, new Faults { WbcAttachSkipsWbGet = true });
        Assert.Equal(1L, memcg.Wb!.Refcnt);

        world.Throttle.MemCgroupCssOffline(memcg);
        var error = Assert.Throws<InvariantViolationException>(world.RunAllPending);

        Assert.Equal(WbUseAfterFree.Name, error.Invariant);
        Assert.Equal($"wb use-after-free: cgwb_release_workfn freed the wb of memcg job while {files[0]}'s i_wb still points to it (a holder took no reference)", error.Message);
    }

    [Fact]
    public void A_touch_of_a_released_wb_is_a_use_after_free()
    {
        var (world, memcg, _) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var wb = memcg.Wb!;
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        var touched = Assert.Throws<InvariantViolationException>(() => wb.Reclaimable);
        var put = Assert.Throws<InvariantViolationException>(() => world.Throttle.WbPut(wb));

        Assert.Equal((WbUseAfterFree.Name, WbUseAfterFree.Name), (touched.Invariant, put.Invariant));
        Assert.Equal("wb use-after-free: the wb of memcg job was touched after cgwb_release_workfn freed it", touched.Message);
    }

    [Fact]
    public void Dropping_a_reference_nobody_holds_is_reported()
    {
        var (world, memcg, _) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var wb = memcg.Wb!;
        world.Throttle.WbPut(wb, 2);

        var error = Assert.Throws<InvariantViolationException>(() => world.Throttle.WbPut(wb));

        Assert.Equal(WbUseAfterFree.Name, error.Invariant);
        Assert.False(wb.Freed); // alive (not killed): percpu mode does not release at 0
    }

    [Fact]
    public void A_switch_moves_the_inodes_reference_from_the_old_wb_to_the_new_one()
    {
        var (world, job, files) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var other = new MemCgroup("other", 1000, id: 3);
        var from = job.Wb!;

        world.Throttle.InodeSwitchWbs(files[0], other);
        var to = other.Wb!;
        Assert.Equal((2L, 2L), (from.Refcnt, to.Refcnt)); // the switch work holds the new wb
        world.RunAllPending();

        Assert.Equal((1L, 2L), (from.Refcnt, to.Refcnt)); // i_wb's reference moved
        world.Throttle.MemCgroupCssOffline(job);
        world.RunAllPending();
        Assert.True(from.Freed);
    }

    [Fact]
    public void On_6_9_a_dying_wb_with_more_inodes_than_a_batch_is_emptied_over_several_batches()
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, 5);
        var wb = memcg.Wb!;
        world.Throttle.WbMaxInodesPerIsw = 3; // two inodes a batch, the last slot ends it

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.All(files, f => Assert.Null(world.Throttle.InodeToWb(f)));
        Assert.Equal((0, true), (world.Throttle.IswNrInFlight, wb.Freed));
    }

    [Theory]
    [InlineData(5, true, new[] { 2, 2 }, 1)]
    [InlineData(4, true, new[] { 2, 2 }, 0)]
    [InlineData(1, false, new int[0], 1)]
    public void Cleanup_offline_cgwb_queues_a_batch_of_at_most_the_limit_less_one_and_asks_to_restart_when_it_fills(int inodes, bool restarts, int[] fullBatches, int lastBatch)
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, inodes);
        world.Throttle.WbMaxInodesPerIsw = 3;
        var wb = memcg.Wb!;

        var calls = new List<bool>();
        do
        {
            calls.Add(world.Throttle.CleanupOfflineCgwb(wb));
        }
        while (calls[^1] && calls.Count < 10);

        Assert.Equal(restarts, calls[0]);
        var batches = world.PendingNames.Where(n => n.StartsWith("inode_switch_wbs", StringComparison.Ordinal)).Select(n => n.Split(',').Length).ToArray();
        var expected = lastBatch > 0 ? fullBatches.Append(lastBatch) : fullBatches;
        Assert.Equal(expected, batches);
        Assert.Equal(batches.Length, world.Throttle.IswNrInFlight);
        Assert.All(files, f => Assert.True(f.WbSwitch));
    }

    [Fact]
    public void On_6_9_a_wb_skipped_dirty_is_retried_when_another_memcg_goes_offline()
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var wb = memcg.Wb!;
        world.Kernel.Filemap.AddCachedPage(files[0].Mapping, 1, dirty: true);
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();
        Assert.Same(wb, world.Throttle.InodeToWb(files[0]));
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(files[0], new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2 }));
        world.RunAllPending();

        // A memcg without a wb of its own: its offline still queues the cleanup, which retries
        // every wb on offline_cgwbs.
        world.Throttle.MemCgroupCssOffline(new MemCgroup("idle", 1000, id: 3));
        world.RunAllPending();

        Assert.Null(world.Throttle.InodeToWb(files[0]));
        Assert.True(wb.Freed);
    }

    [Fact]
    public void A_timestamp_update_by_a_memcg_task_attaches_a_never_dirtied_inode_to_its_wb_on_b_dirty_time()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var memcg = new MemCgroup("job", 1000);
        var inode = world.Kernel.CreateInode(0, world.Fs);

        world.Run(() =>
        {
            world.Kernel.FsWriteback.MarkInodeDirtyTime(inode);
            return ValueTask.CompletedTask;
        }, new TaskStruct { Comm = "touch", Memcg = memcg });

        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(inode));
        Assert.Equal(Fs.InodeState.DirtyTime, inode.State);
        Assert.False(world.Throttle.WbHasDirtyIo(memcg.Wb)); // b_dirty_time does not count
    }

    [Fact]
    public void On_6_9_the_cleanup_switches_an_inode_whose_timestamps_alone_are_dirty_and_the_wb_is_released()
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, 1);
        var wb = memcg.Wb!;
        world.Kernel.FsWriteback.MarkInodeDirtyTime(files[0]);

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.Null(world.Throttle.InodeToWb(files[0]));
        Assert.True(wb.Freed);
    }

    [Fact]
    public void The_cleanup_takes_the_b_attached_inodes_before_those_on_b_dirty_time()
    {
        var (world, memcg, files) = CleanFilesOfJob(KernelEra.V6_9, 2);
        world.Kernel.FsWriteback.MarkInodeDirtyTime(files[0]);
        world.Throttle.WbMaxInodesPerIsw = 2; // one inode a batch

        Assert.True(world.Throttle.CleanupOfflineCgwb(memcg.Wb!));
        Assert.Equal((false, true), (files[0].WbSwitch, files[1].WbSwitch));
        Assert.True(world.Throttle.CleanupOfflineCgwb(memcg.Wb!));
        Assert.True(files[0].WbSwitch);
    }

    /// <summary>Files of memcg job, each with a page dirtied, written back and completed: attached to job's wb and clean (on b_attached).</summary>
    private static (ThrottleWorld World, MemCgroup Memcg, Fs.Inode[] Files) CleanFilesOfJob(KernelEra era, int count, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var files = new Fs.Inode[count];
        for (var i = 0; i < count; i++)
        {
            files[i] = world.Kernel.CreateInode(0, world.Fs);
            memcg.Charge(files[i].Mapping);
            world.Kernel.Filemap.AddCachedPage(files[i].Mapping, 0, dirty: true);
            world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(files[i], new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
            world.RunAllPending();
        }

        return (world, memcg, files);
    }
}
