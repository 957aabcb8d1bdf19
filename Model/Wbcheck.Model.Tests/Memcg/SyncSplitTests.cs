using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// sync(2)'s works and wake-up split over the disk's wbs (cgroup writeback, 4.2;
/// KernelEras.SplitsWorkToWbs): bdi_split_work_to_wbs queues a copy of sync_inodes_sb's work on
/// every wb with dirty inodes, each run by that wb's flusher over its own lists, and sync waits for
/// them all on one wb_completion; wakeup_flusher_threads starts each wb with its share of the pages
/// by write bandwidth (wb_split_bdi_pages). 1000 pages of memory (background threshold 100), so no
/// background writeback joins in: a file of the root wb and a file of memcg job's wb, 3 dirty
/// pages each.
/// </summary>
public sealed class SyncSplitTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, "flusher")]
    [InlineData(KernelEra.V4_13, "flusher job")]
    [InlineData(KernelEra.V5_0, "flusher job")]
    [InlineData(KernelEra.V6_9, "flusher job")]
    public void Sync_s_work_runs_on_each_wb_s_flusher_from_4_2_and_sync_waits_for_every_one(KernelEra era, string jobWriter)
    {
        var (world, disk, root, job) = TwoWbs(era);
        var writers = RecordWriters(world, disk);

        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());

        // Returned: both files are written, each by its own wb's flusher (before 4.2 one wb,
        // the root's, holds both).
        Assert.Equal(["flusher"], writers[root].Distinct());
        Assert.Equal([jobWriter], writers[job].Distinct());
        Assert.False(root.Mapping.MappingTagged(XaMark.Dirty));
        Assert.False(job.Mapping.MappingTagged(XaMark.Dirty));
    }

    [Theory]
    [InlineData(KernelEra.V3_19, "flusher", WritebackSyncMode.None)]
    [InlineData(KernelEra.V4_13, "flusher job", WritebackSyncMode.None)]
    [InlineData(KernelEra.V4_17, "flusher job", WritebackSyncMode.All)]
    [InlineData(KernelEra.V6_9, "flusher job", WritebackSyncMode.All)]
    public void Sync_s_wake_up_starts_each_wb_s_flusher_from_4_2(KernelEra era, string jobWriter, WritebackSyncMode firstPass)
    {
        var (world, disk, root, job) = TwoWbs(era);
        var writers = RecordWriters(world, disk);
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);

        world.Run(() => world.Throttle.DoSync());
        world.RunAllPending();

        // Until 4.15 the wake-up's work (WB_SYNC_NONE) runs first on each wb and writes its file;
        // from then each wb's WB_start_all runs after sync's WB_SYNC_ALL work, which wrote it.
        Assert.Equal(["flusher"], writers[root].Distinct());
        Assert.Equal([jobWriter], writers[job].Distinct());
        Assert.Equal(firstPass, watch.Started.First(pass => pass.Mapping == job.Mapping).Mode);
        Assert.False(job.Mapping.MappingTagged(XaMark.Dirty));
        if (era >= KernelEra.V4_17)
        {
            // WB_start_all (4.15 on) was set on the job's wb by the wake-up and cleared by its flush.
            Assert.False(job.IWb!.StartAll);
        }
    }

    [Fact]
    public void Each_wb_s_share_of_the_pages_follows_its_write_bandwidth_rounded_up()
    {
        var (world, _, _, job) = TwoWbs(KernelEra.V4_13);
        var wb = job.IWb!;
        var fsWriteback = world.Kernel.FsWriteback;
        world.Throttle.Bdi.AvgWriteBandwidth = 300;
        wb.Bandwidth.AvgWriteBandwidth = 100;

        Assert.Equal(13, fsWriteback.WbSplitBdiPages(null, 17));
        Assert.Equal(5, fsWriteback.WbSplitBdiPages(wb, 17));
        Assert.Equal(WritebackControl.LongMax, fsWriteback.WbSplitBdiPages(wb, WritebackControl.LongMax));

        // A wb alone with dirty io has all of the bandwidth counted, and takes all of the pages.
        world.Run(() => world.Kernel.FsWriteback.SyncInodesSb());
        world.AddFile(dirty: 1);
        Assert.Equal(17, fsWriteback.WbSplitBdiPages(null, 17));
    }

    private static (ThrottleWorld World, ScriptedDisk Disk, Inode Root, Inode Job) TwoWbs(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        var root = disk.AddFile(dirty: 3);
        var job = disk.AddFile(dirty: 3, memcg: new MemCgroup("job", 500));
        return (world, disk, root, job);
    }

    /// <summary>The threads that wrote each file's pages, in order.</summary>
    private static Dictionary<Inode, List<string>> RecordWriters(ThrottleWorld world, ScriptedDisk disk)
    {
        var writers = new Dictionary<Inode, List<string>>();
        disk.AfterWrite = page =>
        {
            var inode = page.Mapping!.Host;
            if (!writers.TryGetValue(inode, out var list))
            {
                writers[inode] = list = [];
            }

            list.Add(world.Kernel.Runtime.Current.Name);
        };
        return writers;
    }
}
