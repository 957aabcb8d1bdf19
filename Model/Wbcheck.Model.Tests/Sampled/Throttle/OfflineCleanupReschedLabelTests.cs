using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// cleanup_offline_cgwbs_workfn (6.9) calls cleanup_offline_cgwb again "while (cleanup_offline_cgwb(wb))
/// cond_resched();": one preemption point between two batches of a dying wb's inodes. cond_resched
/// takes no argument, so the trace names the point as the kernel writes it, "cond_resched", as it
/// does do_writepages' (a trace is read beside the kernel source, and replay checks the label).
/// </summary>
public sealed class OfflineCleanupReschedLabelTests
{
    [Fact]
    public void The_cleanup_yields_once_between_batches_at_a_bare_cond_resched()
    {
        // Five clean files of memcg job on its wb; batches of WB_MAX_INODES_PER_ISW - 1 = 2:
        // batches of 2, 2 and 1, so the workfn restarts twice.
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = KernelEra.V6_9, Machine = new Machine { TotalPages = 100 } });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var memcg = new MemCgroup("job", 1000);
        for (var i = 0; i < 5; i++)
        {
            var inode = kernel.CreateInode(0, fs);
            memcg.Charge(inode.Mapping);
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            runtime.Inner.Run("test", async () => await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
            runtime.Inner.RunAllPending();
        }

        kernel.Throttle.WbMaxInodesPerIsw = 3;
        runtime.Points.Clear();
        kernel.Throttle.MemCgroupCssOffline(memcg);
        runtime.Inner.RunAllPending();

        Assert.True(memcg.Wb!.Freed);
        var resched = runtime.Points.Where(p => p.Label.Function == "cond_resched").ToList();
        Assert.Equal(2, resched.Count);
        Assert.All(resched, p => Assert.Equal((PointKind.Yield, "cond_resched"), (p.Kind, p.Label.ToString())));
    }
}
