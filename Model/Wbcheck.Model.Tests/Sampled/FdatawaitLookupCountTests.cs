using Wbcheck.Model.Block;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Before 4.15 the wait of filemap_fdatawait_range looked pages up by count from its cursor,
/// "pagevec_lookup_tag(&amp;pvec, mapping, &amp;index, PAGECACHE_TAG_WRITEBACK, min(end - index,
/// (pgoff_t)PAGEVEC_SIZE - 1) + 1)" [R]: at most as many as the range has pages left, each with a
/// reference held while it waits. Pages 0 to 2 under writeback, a wait on pages 0 and 1: it holds
/// references on those two only, so when page 0's I/O completes (the wait asleep on it) page 2
/// has the page cache's reference alone.
/// </summary>
public sealed class FdatawaitLookupCountTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    public void The_wait_holds_no_reference_on_a_page_past_its_range(KernelEra era)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        var watch = new CompletionWatch(world.Page(0), world.Page(2));
        world.Kernel.Observers.Add(watch);

        Assert.Equal(0, world.Run(() => world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, (2 * Page.PageSize) - 1)));

        Assert.Equal(1, watch.PastRangeReferences);
    }

    /// <summary>Page <paramref name="past"/>'s reference count when the bio of <paramref name="first"/> completes.</summary>
    private sealed class CompletionWatch(Page first, Page past) : IKernelObserver
    {
        public int? PastRangeReferences { get; private set; }

        public void BioCompleted(Bio bio)
        {
            if (bio.Vecs.Any(vec => vec.Page == first))
            {
                PastRangeReferences = past.RefCount;
            }
        }
    }
}
