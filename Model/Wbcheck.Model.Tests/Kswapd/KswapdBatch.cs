namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// One batch of kswapd's reclaim (shrink_inactive_list: an isolation off the LRU's tail, then
/// shrink_page_list over what it took), as <see cref="KswapdNode"/> saw it from outside: the
/// zone (N for Normal, H for HighMem), the inactive pages it took, those it freed, the dirty ones
/// it wrote (pageout cleaned them), those it marked PG_reclaim, those it activated, and the
/// jiffies when it started (a nap between two batches shows as a step in them).
/// </summary>
internal sealed record KswapdBatch(string Zone, int Scanned, int Freed, int Written, int Marked, int Activated, long Jiffies)
{
    /// <summary>Scanned, freed, written, marked: the four counts a test compares in one string.</summary>
    public string Counts => $"{Zone}{Scanned}/{Freed}/{Written}/{Marked}";
}
