using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// For tests of what kswapd does once it writes a page: from 3.11 (the model's 3.19) kswapd
/// writes a dirty page only after a batch of unqueued dirty pages flagged its zone, and from
/// 4.11 only a page it met before (<see cref="ReclaimEras.KswapdWritesOnlyPagesSeenTwice"/>).
/// This is that first meeting, where the era has one: the page is marked and kept, its zone or
/// node flagged, and the next kswapd pass over it may write it.
/// </summary>
internal static class KswapdFirstMeeting
{
    public static void Meet(World world, Page page)
    {
        if (!world.Kernel.Era.KswapdWritesOnlyWhenReclaimDirty())
        {
            return;
        }

        Filemap.FolioGet(page); // isolation
        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));
        Assert.NotEqual(ReclaimResult.Freed, result);
        Assert.True(page.Dirty && !page.Writeback && page.Reclaim, "the first meeting marks the dirty page and leaves it");
    }
}
