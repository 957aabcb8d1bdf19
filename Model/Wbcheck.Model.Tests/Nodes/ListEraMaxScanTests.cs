using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// 2.5.31's shrink_cache takes the pages -&gt;vm_writeback wrote for a dirty page off max_scan
/// ("max_scan -= (cluster_size - nr_to_write)" [V], kept by 2.5.32's shrink_list): a round that
/// writes scans fewer pages.
/// </summary>
public sealed class ListEraMaxScanTests
{
    /// <summary>
    /// Counts the reclaimer's igrabs, vm_writeback's: the pdflush thread its wake-up starts takes
    /// one of its own (__iget) on each inode its walk writes (docs/eras.md section 116).
    /// </summary>
    private sealed class VmWritebackCounter(Kernel kernel) : IKernelObserver
    {
        public int Igrabs { get; private set; }

        public void InodeReferenceChanged(Inode inode, bool taken) => Igrabs += taken && kernel.Runtime.Current.Name == "reclaimer" ? 1 : 0;
    }

    [Fact]
    public void In_2_5_31_the_pages_vm_writeback_wrote_come_off_the_round_s_max_scan()
    {
        // 1,200 dirty pages of one file. The first round (priority 6) may scan 1200 / 6 = 200
        // pages, one by one. A dirty page has generic_vm_writeback write 32 pages of the mapping,
        // itself and the next 31 (io_pages, oldest first), which the scan then meets under
        // writeback, waits on and keeps. So each 32 pages take 1 + 32 + 31 off max_scan: 4
        // vm_writeback calls (200, 136, 72, 8), where counting the scan alone makes 7. Nothing
        // is freed in that round; the next frees pages cleaned meanwhile after one more
        // vm_writeback: 5, not 8.
        var world = new ZoneWorld(KernelEra.V2_5, new Machine { TotalPages = 2000 }, cached: 1200, dirty: true);
        var counter = new VmWritebackCounter(world.Kernel);
        world.Kernel.Observers.Add(counter);
        var freed = 0;

        world.Runtime.Run("reclaimer", async () => freed = await world.Kernel.Vmscan.TryToFreePages([.. world.Kernel.PageAlloc.Zonelist(0)], Gfp.Kernel));

        Assert.Equal(5, counter.Igrabs);
        Assert.True(freed >= ScanControlTarget, $"{freed} freed");
    }

    private const int ScanControlTarget = 32;
}
