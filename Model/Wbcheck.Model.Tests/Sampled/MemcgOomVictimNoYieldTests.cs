using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.6.36's mem_cgroup_handle_oom ends "if (test_thread_flag(TIF_MEMDIE) || fatal_signal_pending(current))
/// return false; /* Give chance to dying process */ schedule_timeout(1);" [R]: the charger the memcg
/// OOM killer chose (it is the only task of the memcg) is dying, so it does not yield there.
/// </summary>
public sealed class MemcgOomVictimNoYieldTests
{
    [Fact]
    public void The_charger_killed_by_the_memcg_oom_killer_does_not_yield_for_the_dying()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_36 });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        var memcg = new MemCgroup("job", 2) { HardLimit = true };
        memcg.Charge(inode.Mapping);

        runtime.Inner.Run("test", async () => _ = await kernel.Filemap.FilemapGetFolioForWrite(inode.Mapping, 2, Gfp.NoIo));

        Assert.Equal(["test"], memcg.OomKills);
        Assert.Equal(0, runtime.Count("schedule_timeout"));
    }
}
