using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Nodes;
using Wbcheck.Properties.Tests.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Nodes;

/// <summary>
/// The per-zone (3.19) and per-node (4.13 on) dirty limits hold a writer's pages to each node's
/// share; an allocator that never asks them, as before 3.3 or with the fault, is caught on its
/// smallest case: 22 pages on the writer's node, whose limit is 20 (20% of 100 pages).
/// </summary>
public sealed class NodeDirtyLimitPropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Each_node_holds_at_most_its_share_plus_what_the_slow_path_gave_it(KernelEra era) =>
        PropertyCheck.Run(NodeDirtyLimitProperty.Name, NodeDirtyLimitProperty.For(era, Faults.None), PropertyOptions.Default with { MaxTest = 200, Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) });

    [Theory]
    [InlineData(KernelEra.V3_19, "zone Normal of node 0")]
    [InlineData(KernelEra.V4_20, "node 0")]
    [InlineData(KernelEra.V6_9, "node 0")]
    public void An_allocator_that_ignores_the_limits_is_caught_filling_the_writer_s_node(KernelEra era, string where)
    {
        var failure = Fail(era, Faults.None with { NodeDirtyLimitIgnored = true });

        Assert.Equal("2 nodes; the writer on CPU 0 writes 22 new page(s)", failure.Counterexample);
        Assert.Contains($"after page 21: {where} holds 22 dirty and writeback page(s), over its limit 20 (of 100 dirtyable) + 1 + the 0 the slow path gave it while every node was over its limit or low watermark", failure.Message);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, "zone Normal of node 0")]
    [InlineData(KernelEra.V4_20, "node 0")]
    [InlineData(KernelEra.V6_9, "node 0")]
    public void A_slow_path_that_takes_pages_while_another_node_has_room_is_caught_though_the_model_counts_them_as_the_slow_path_s(KernelEra era, string where)
    {
        var faults = Faults.None with { DirtyLimitStopsZonelistScan = true };
        var failure = Fail(era, faults);

        Assert.Equal("2 nodes; the writer on CPU 0 writes 22 new page(s)", failure.Counterexample);
        Assert.Contains($"after page 21: {where} holds 22 dirty and writeback page(s), over its limit 20 (of 100 dirtyable) + 1 + the 0 the slow path gave it", failure.Message);

        // The model's own count says the slow path gave node 0 that page: an allowance taken
        // from it (the property before) would have let it pass.
        var kernel = NodeDirtyLimitProperty.Run(new NodeCase(2, 0, 22, 0), era, faults);
        Assert.Equal(1L, kernel.PageAlloc.SlowpathPages(kernel.PageAlloc.Zones[0]));
        Assert.Equal(0L, kernel.CachedPages().Count(page => page.Zone!.Node == 1));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void With_watermarks_a_node_s_reserve_lowers_its_limit_and_a_node_ignoring_it_is_caught(KernelEra era)
    {
        // min_free_kbytes 128 on 2 nodes: each node's high watermark, 24 pages, is reserved, so
        // its limit is 15 of 76 dirtyable; the allocator that ignores the limits fills node 0.
        var failure = Fail(era, Faults.None with { NodeDirtyLimitIgnored = true }, c => c.Watermarks);

        Assert.Equal("2 nodes (min_free_kbytes 128); the writer on CPU 0 writes 17 new page(s)", failure.Counterexample);
        Assert.Contains("holds 17 dirty and writeback page(s), over its limit 15 (of 76 dirtyable)", failure.Message);
    }

    [Fact]
    public void Before_3_3_nothing_spreads_a_writer_s_pages()
    {
        var (failure, _) = ShrunkFailure.Find(NodeDirtyLimitProperty.Name, NodeCase.Arbitrary, c => NodeDirtyLimitProperty.Check(c, KernelEra.V2_6_36, Faults.None), output, maxTest: 200);

        Assert.Equal("2 nodes; the writer on CPU 0 writes 22 new page(s)", failure.Counterexample);
    }

    /// <summary>Check <paramref name="era"/> with <paramref name="faults"/>; it must fail, and its shrunk case must hold without them.</summary>
    private PropertyFailedException Fail(KernelEra era, Faults faults, Func<NodeCase, bool>? only = null)
    {
        var arbitrary = only is null ? NodeCase.Arbitrary : NodeCase.Arbitrary.Filter(c => only(c));
        var (failure, smallest) = ShrunkFailure.Find(NodeDirtyLimitProperty.Name, arbitrary, c => NodeDirtyLimitProperty.Check(c, era, faults), output, maxTest: 200);
        Assert.Null(NodeDirtyLimitProperty.Check(smallest, era, Faults.None));
        return failure;
    }
}
