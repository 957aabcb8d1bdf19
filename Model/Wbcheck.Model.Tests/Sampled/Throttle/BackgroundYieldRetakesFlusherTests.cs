using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// Background writeout that stepped aside for a queued work (<see cref="BackgroundYieldTests"/>,
/// 2.6.37 on) goes on only as the flusher again: in the kernel it is the one flusher thread that
/// ran the work and comes back to wb_check_background_flush [R]; in the model the background
/// writer takes the flusher token back once the works are done (FsWriteback.WbFlusherYield), so
/// no other walk of the disk's inodes runs beside its later passes. As in BackgroundYieldTests, a
/// work is queued while the first page is written, here a work of one page, and a third file of 6
/// dirty pages is left for after it: the flusher runs the work, and the background writeout writes
/// the third file holding the flusher.
/// </summary>
public sealed class BackgroundYieldRetakesFlusherTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Background_writeout_after_the_queued_work_holds_the_flusher_again(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var small = disk.AddFile(dirty: 2);
        var more = disk.AddFile(dirty: 6);
        disk.TicksPerPage[slow] = 2;
        var written = new List<string>();
        disk.AfterWrite = page =>
        {
            var held = world.Kernel.FsWriteback.WbFlusherHeld ? "held" : "not held";
            written.Add($"{world.Runtime.Current.Name} {held}");
            if (written.Count == 1)
            {
                world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = 1 });
            }
        };

        world.Run(() => world.Throttle.BackgroundWriteout(16));
        world.RunAllPending();

        // The slow file's 8 pages, the work's (the flusher writes the small file's 2), then the
        // third file's 6 by the background writeout again, each as the flusher's holder.
        Assert.Equal(string.Join(",", Enumerable.Repeat("test held", 8).Concat(Enumerable.Repeat("flusher held", 2)).Concat(Enumerable.Repeat("test held", 6))), string.Join(",", written));
        Assert.False(slow.Mapping.MappingTagged(XaMark.Dirty) || small.Mapping.MappingTagged(XaMark.Dirty) || more.Mapping.MappingTagged(XaMark.Dirty));
    }
}
