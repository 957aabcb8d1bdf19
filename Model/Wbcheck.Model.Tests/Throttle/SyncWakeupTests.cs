using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// sync(2)'s wake-up of the flusher (docs/flusher-loop.md, "sync(2)'s wake-up"): from 2.6.32 a
/// WB_SYNC_NONE work of every dirty page, queued ahead of sync's own works and run first; from
/// 4.15 a flag (WB_start_all) the flusher looks at after its queued works, so sync's WB_SYNC_ALL
/// work writes the pages and the wake-up finds nothing left.
/// </summary>
public sealed class SyncWakeupTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, WritebackSyncMode.None)]
    [InlineData(KernelEra.V3_19, WritebackSyncMode.None)]
    [InlineData(KernelEra.V4_13, WritebackSyncMode.None)]
    [InlineData(KernelEra.V4_17, WritebackSyncMode.All)]
    [InlineData(KernelEra.V6_9, WritebackSyncMode.All)]
    public void Sync_s_wake_up_runs_before_its_own_work_until_4_15_and_after_it_from_then(KernelEra era, WritebackSyncMode writer)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var file = world.AddFile(dirty: 3);
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);

        world.Run(() => world.Throttle.DoSync());
        world.RunAllPending();

        // Only the first pass over the file finds dirty pages: every later one walks a clean file
        // or none at all.
        Assert.Equal(writer, watch.Started[0].Mode);
        Assert.All(watch.Started, pass => Assert.Same(file.Mapping, pass.Mapping));
        Assert.False(file.Mapping.MappingTagged(XaMark.Dirty));
        Assert.False(world.Kernel.FsWriteback.StartAllPending);
    }
}
