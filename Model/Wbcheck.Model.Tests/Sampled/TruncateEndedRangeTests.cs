using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The end of truncate_inode_pages_range is told to the observers with the pages the call
/// covered, first to last inclusive (the truncate monitor checks that none is left in that
/// range): a range ending at a page's last byte (lend = 3 * PAGE_SIZE - 1) ends at that page,
/// index 2 (end = (lend + 1) &gt;&gt; PAGE_SHIFT = 3, the last index end - 1); lend = -1 (the
/// whole file) has no last page.
/// </summary>
public sealed class TruncateEndedRangeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_range_told_at_the_end_is_the_pages_the_call_covered(KernelEra era)
    {
        var world = new World(pages: 5, dirty: false, config: new KernelConfig { Era = era });
        var ends = new EndRecorder();
        world.Kernel.Observers.Add(ends);

        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, Page.PageSize, (3 * Page.PageSize) - 1));
        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 3 * Page.PageSize, -1));

        Assert.Equal([(1L, 2L), (3L, long.MaxValue)], ends.Ranges);
        Assert.Equal(1, world.Mapping.NrPages);
    }

    /// <summary>Each TruncateEnded's first and last page, in order.</summary>
    private sealed class EndRecorder : IKernelObserver
    {
        public List<(long First, long Last)> Ranges { get; } = [];

        public void TruncateEnded(AddressSpace mapping, long first, long last) => Ranges.Add((first, last));
    }
}
