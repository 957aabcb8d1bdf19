using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The fair zone allocation policy of 3.12 to 4.7 (the 3.19 era): a node's zones take turns, a
/// batch of high_wmark - low_wmark pages each (zero with the model's default watermarks: one
/// page a turn), and it composes with the per-zone dirty limits, which pass a zone over in both
/// of the fast path's passes. The machine: one node, ZONE_NORMAL 100 pages and ZONE_HIGHMEM 100
/// (HighMem first in the zonelist), vm.dirty_ratio 20 (each zone's limit 20 pages).
/// </summary>
public sealed class FairZoneAllocationTests
{
    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100 };

    [Fact]
    public void On_3_19_highmem_and_normal_take_turns()
    {
        var zones = Write(KernelEra.V3_19, Highmem, pages: 10).Zones;

        Assert.Equal("HNHNHNHNHN", zones);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Without_the_fair_policy_highmem_takes_every_page_while_it_has_room(KernelEra era)
    {
        var zones = Write(era, Highmem, pages: 10).Zones;

        Assert.Equal("HHHHHHHHHH", zones);
    }

    [Fact]
    public void On_3_19_the_turns_go_on_until_both_zones_are_over_their_dirty_limits_then_the_slow_path_takes_highmem()
    {
        var (kernel, zones) = Write(KernelEra.V3_19, Highmem, pages: 50);

        // 21 pages each (a zone is passed over once it holds more than its limit of 20), in
        // turns; the fair pass and the rescan both pass both zones over after that, and the slow
        // path takes the first zone of the zonelist.
        Assert.Equal(string.Concat(Enumerable.Repeat("HN", 21)) + new string('H', 8), zones);
        var alloc = kernel.PageAlloc;
        Assert.Equal([0L, 8L], alloc.Zones.Select(alloc.SlowpathPages));
    }

    [Fact]
    public void The_fair_pass_never_leaves_the_local_node()
    {
        // Two nodes of one zone each: the fair pass stops at the first remote zone, so the
        // writer's own node takes every page until it is over its dirty limit.
        var zones = Write(KernelEra.V3_19, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2 }, pages: 25).Zones;

        Assert.Equal(new string('0', 21) + new string('1', 4), zones);
    }

    [Fact]
    public void A_depleted_zone_waits_for_the_reset_and_every_page_counts_off_its_batch()
    {
        var (kernel, _) = Write(KernelEra.V3_19, Highmem, pages: 3);

        // H (batch 0 to -1, depleted), N (depleted), then no zone left for the fair pass: the
        // reset gives both a full batch (0) and the rescan takes HighMem again.
        var normal = kernel.PageAlloc.Zones[0];
        var high = kernel.PageAlloc.Zones[1];
        Assert.Equal((0L, false), (normal.AllocBatch, normal.FairDepleted));
        Assert.Equal((-1L, true), (high.AllocBatch, high.FairDepleted));
    }

    /// <summary>
    /// Write <paramref name="pages"/> new pages of one file from CPU 0 (vm.dirty_ratio
    /// <paramref name="dirtyRatio"/>); which zone each page came from, in order: H or N on a one-node machine, the node's number on a NUMA one.
    /// </summary>
    internal static (Kernel Kernel, string Zones) Write(KernelEra era, Machine machine, int pages, int dirtyRatio = 20)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, Machine = machine, Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = dirtyRatio } });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        runtime.Run(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            for (var index = 0L; index < pages; index++)
            {
                await kernel.Filemap.GenericPerformWrite(file, index);
            }
        });

        var mapping = kernel.Inodes[0].Mapping;
        var zones = string.Concat(Enumerable.Range(0, pages).Select(index => mapping.Pages.Load(index)!.Zone!).Select(zone =>
            machine.Nodes > 1 ? zone.Node.ToString(System.Globalization.CultureInfo.InvariantCulture) : zone.IsHighmem ? "H" : "N"));
        return (kernel, zones);
    }
}
