using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_writeback's background work steps aside for a work queued on the flusher ("if
/// (work-&gt;for_background &amp;&amp; !list_empty(&amp;wb-&gt;work_list)) break", aa373cf55099, 2.6.37:
/// KernelEras.FlusherYieldsToQueuedWork, the 3.19 era on), and wb_check_background_flush starts
/// it again after the works; 2.6.36's flusher runs the background work to its end first. As in
/// KupdateYieldTests: a slow file (8 dirty pages, 2 ticks a page, so its pass runs past HZ/10 and
/// ends) and a file of 2; a WB_SYNC_NONE work for every dirty page (sync's first work) is queued
/// while the background writeout writes the slow file's first page.
/// </summary>
public sealed class BackgroundYieldTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, "test,test,test,test,test,test,test,test,test,test")]
    [InlineData(KernelEra.V3_19, "test,test,test,test,test,test,test,test,flusher,flusher")]
    [InlineData(KernelEra.V6_9, "test,test,test,test,test,test,test,test,flusher,flusher")]
    public void From_2_6_37_background_writeout_lets_a_queued_work_run_before_its_next_pass(KernelEra era, string writers)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var small = disk.AddFile(dirty: 2);
        disk.TicksPerPage[slow] = 2;
        var written = new List<string>();
        disk.AfterWrite = page =>
        {
            written.Add(world.Runtime.Current.Name);
            if (written.Count == 1)
            {
                world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = WritebackControl.LongMax });
            }
        };

        world.Run(() => world.Throttle.BackgroundWriteout(10));
        world.RunAllPending();

        Assert.Equal(writers, string.Join(",", written));
        Assert.False(slow.Mapping.MappingTagged(XaMark.Dirty));
        Assert.False(small.Mapping.MappingTagged(XaMark.Dirty));
    }
}
