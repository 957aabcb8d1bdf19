using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The page allocator spreads a buffered writer's pages over zones (3.3) or nodes (4.8) by their
/// dirty limits. The machine: two nodes of 100 pages, vm.dirty_ratio 20 (the model's default is
/// 2.6.20's 40), so each node's limit is 20
/// dirty pages (its dirtyable memory, free plus file LRU, stays 100 as the file grows); a node
/// is passed over once it holds more than 20, so 21 pages go to each before the slow path takes
/// the rest, on the writer's own node.
/// </summary>
public sealed class NodeDirtyLimitTests
{
    public static TheoryData<KernelEra> SpreadingEras => [KernelEra.V3_19, KernelEra.V4_13, KernelEra.V4_20, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(SpreadingEras))]
    public void A_writer_fills_its_node_to_the_limit_then_the_other_then_the_slow_path_takes_its_own(KernelEra era)
    {
        var (kernel, zones) = Write(era, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, cpu: 0, pages: 50);

        Assert.Equal([29, 21], zones);
        Assert.Equal([8L, 0L], kernel.PageAlloc.Zones.Select(kernel.PageAlloc.SlowpathPages));
    }

    [Fact]
    public void A_writer_on_the_second_node_starts_there()
    {
        var (_, zones) = Write(KernelEra.V6_9, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, cpu: 1, pages: 30);

        Assert.Equal([9, 21], zones);
    }

    [Fact]
    public void Before_3_3_the_writer_s_node_takes_every_page()
    {
        var (_, zones) = Write(KernelEra.V2_6_36, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, cpu: 0, pages: 50);

        Assert.Equal([50, 0], zones);
    }

    [Theory]
    [MemberData(nameof(SpreadingEras))]
    public void An_allocator_that_ignores_the_limits_is_caught_filling_one_node(KernelEra era)
    {
        var (kernel, zones) = Write(era, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, cpu: 0, pages: 50, new Faults { NodeDirtyLimitIgnored = true });

        Assert.Equal([50, 0], zones);
        var limit = kernel.Throttle.DirtyShareLimit(kernel.PageAlloc.Zones[0], TaskStruct.Ordinary);
        Assert.False(limit.Ok);
        Assert.Equal(50UL, limit.WritePending);
    }

    [Fact]
    public void On_3_19_high_memory_is_a_zone_of_its_own_with_its_own_limit()
    {
        // One node: ZONE_NORMAL (100 pages) and ZONE_HIGHMEM (100), page cache from HighMem first.
        var (_, zones) = Write(KernelEra.V3_19, new Machine { TotalPages = 200, TotalHighPages = 100 }, cpu: 0, pages: 50);

        Assert.Equal([21, 29], zones);
    }

    [Fact]
    public void From_4_8_the_limit_is_the_node_s_so_high_memory_takes_it_all()
    {
        // The same machine: one node of 200 dirtyable pages, limit 40; HighMem is its first zone.
        var (kernel, zones) = Write(KernelEra.V4_20, new Machine { TotalPages = 200, TotalHighPages = 100 }, cpu: 0, pages: 50);

        Assert.Equal([0, 50], zones);
        Assert.Equal(9L, kernel.PageAlloc.SlowpathPages(kernel.PageAlloc.Zones[1]));
    }

    [Fact]
    public void Freed_pages_go_back_to_their_own_zone()
    {
        var (kernel, _) = Write(KernelEra.V6_9, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, cpu: 0, pages: 30);
        var mapping = kernel.Inodes[0].Mapping;
        var remote = mapping.Pages.Load(25)!;
        Assert.Equal(1, remote.Zone!.Node);

        // Write everything back, then truncate page 25 only: its frame is node 1's again.
        var runtime = (SequentialRuntime)kernel.Runtime;
        runtime.Run("sync", async () => await kernel.Filemap.FilemapWriteAndWaitRange(mapping, 0, long.MaxValue));
        runtime.Run("truncate", async () => await kernel.Truncate.TruncateInodePagesRange(mapping, 25L * Page.PageSize, (26L * Page.PageSize) - 1));

        Assert.True(remote.Freed);
        Assert.Same(remote, kernel.PageAlloc.Zones[1].Free.Peek());
    }

    /// <summary>Write <paramref name="pages"/> new pages of one file from CPU <paramref name="cpu"/>; the pages each zone holds.</summary>
    private static (Kernel Kernel, int[] Zones) Write(KernelEra era, Machine machine, int cpu, int pages, Faults? faults = null)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, Machine = machine, Faults = faults ?? Faults.None, Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 20 } });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = cpu };
        runtime.Run(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            for (var index = 0L; index < pages; index++)
            {
                await kernel.Filemap.GenericPerformWrite(file, index);
            }
        });

        var zones = kernel.PageAlloc.Zones;
        return (kernel, [.. zones.Select(zone => kernel.CachedPages().Count(page => page.Zone == zone))]);
    }
}
