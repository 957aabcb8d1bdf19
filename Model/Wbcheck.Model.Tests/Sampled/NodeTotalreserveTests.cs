using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// calculate_totalreserve_pages (4.8 on) sums, into each node's pgdat-&gt;totalreserve_pages,
/// the reserves of that node's own zones (max lowmem_reserve + high watermark each), which
/// node_dirtyable_memory then leaves out.
/// </summary>
public sealed class NodeTotalreserveTests
{
    [Fact]
    public void A_node_s_reserve_is_the_sum_of_its_own_zones()
    {
        // One node of ZONE_NORMAL 100 and ZONE_HIGHMEM 100, min_free_kbytes 128 (WatermarkTests'
        // machine): high watermarks 48 each; Normal keeps HighMem's 100 / 32 = 3 pages as
        // lowmem_reserve: Normal 3 + 48 = 51, HighMem 0 + 48 = 48, node 0's total 99, the whole
        // machine's too.
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V4_13, Machine = new Machine { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 } });

        Assert.Equal((99L, 99L), (kernel.PageAlloc.NodeTotalreservePages(0), kernel.PageAlloc.TotalreservePages));
    }
}
