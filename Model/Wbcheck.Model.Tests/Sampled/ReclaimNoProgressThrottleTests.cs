using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 6.9's consider_reclaim_throttle after each round of direct reclaim: "Throttle if making no
/// progress at high priorities": only after the round at priority 1, with nothing reclaimed yet
/// (sc-&gt;priority == 1 &amp;&amp; !sc-&gt;nr_reclaimed), does the reclaimer sleep
/// reclaim_throttle(NOPROGRESS), one jiffy, and only while over half of the node's reclaimable
/// pages wait for writeback. A file of 80 cached pages on one zone, added in index order (page 0
/// at the LRU's tail): each round scans 80 &gt;&gt; priority pages off the tail, in batches of
/// at most SWAP_CLUSTER_MAX (32), and what it keeps goes back to the head, so priorities 6 to 2
/// scan pages 0, 1-2, 3-7, 8-17 and 18-37 (1, 2, 5, 10 and 20 pages, a batch each), priority 1
/// 40 (pages 38-69, then 70-77), priority 0 what is left, whole (batches of 32). A call that
/// frees nothing goes round again with deactivation forced (5.5 on), and is throttled again.
/// </summary>
public sealed class ReclaimNoProgressThrottleTests
{
    [Fact]
    public void A_reclaimer_that_frees_nothing_sleeps_after_each_round_at_priority_1()
    {
        // Every page dirty: direct reclaim frees none (6.9 leaves dirty file pages to the flusher,
        // activating them). Priorities 6 to 2 take a batch each of the inactive list (1, 2, 4, 9
        // and 16 pages: it shrinks as its pages go active); priority 1 one batch of 24, the
        // active list left alone (the round decided at its start, 48 inactive to 32 active);
        // then the throttle; priority 0, which starts with the inactive list low, one batch of
        // the 24 inactive pages, then 56 active pages back. Nothing freed and a deactivation
        // skipped: the loop again with deactivation forced (b91ac374346b), priorities 5 to 1 a
        // batch each (1, 3, 6, 12, 22: the active list feeds the inactive one every round), the
        // throttle again, and priority 0 two batches (32 and 8) over 40 inactive pages.
        var (runtime, kernel, reclaimed) = Reclaim(dirty: _ => true);

        Assert.Equal(0, reclaimed);
        var labels = runtime.Points.Select(point => point.Label.Function).Where(label => label is "isolate_lru_folios" or "reclaim_throttle").ToList();
        var firstPass = Enumerable.Repeat("isolate_lru_folios", 6).Append("reclaim_throttle").Append("isolate_lru_folios");
        var forcedPass = Enumerable.Repeat("isolate_lru_folios", 5).Append("reclaim_throttle").Concat(Enumerable.Repeat("isolate_lru_folios", 2));
        Assert.Equal(firstPass.Concat(forcedPass), labels);
        Assert.Equal(2L, kernel.Timers.Jiffies);
    }

    [Fact]
    public void A_reclaimer_that_first_frees_at_priority_1_is_not_throttled()
    {
        // Pages 0-37 dirty, 38-72 clean, 73-79 dirty: 45 of 80 wait for writeback (over half).
        // Priorities 6 to 2 scan only pages 0-31 (dirty, activated): nothing freed; priority 1's
        // batch of 24 takes pages 32-55 and frees the 18 clean ones, so nr_reclaimed is 18, not
        // 0, when the throttle is considered; priority 0's first batch frees pages 56-72 and the
        // target is met: 35.
        var (runtime, kernel, reclaimed) = Reclaim(dirty: index => index < 38 || index >= 73);

        Assert.Equal(35, reclaimed);
        var labels = runtime.Points.Select(point => point.Label.Function).Where(label => label is "isolate_lru_folios" or "__remove_mapping").ToList();
        Assert.Equal(6, labels.IndexOf("__remove_mapping")); // nothing freed before priority 1's first batch
        Assert.Equal(0, runtime.Count("reclaim_throttle"));
        Assert.Equal(0L, kernel.Timers.Jiffies);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public void A_reclaimer_that_frees_nothing_is_not_throttled_while_at_most_half_the_pages_wait_for_writeback(bool oneMoreDirty, int throttles)
    {
        // skip_throttle_noprogress: "if (2 * write_pending <= reclaimable) return true". The even
        // pages dirty, the odd ones clean but pinned (a reference reclaim cannot freeze): nothing
        // is freed, and 40 of the 80 file pages are write-pending at each of the two priority-1
        // rounds, exactly half: no throttle. Page 1 dirty too, 41: both rounds are throttled.
        var (runtime, kernel, reclaimed) = Reclaim(dirty: index => index % 2 == 0 || (oneMoreDirty && index == 1), pinned: index => index % 2 == 1);

        Assert.Equal(0, reclaimed);
        Assert.Equal(throttles, runtime.Count("reclaim_throttle"));
        Assert.Equal((long)throttles, kernel.Timers.Jiffies);
    }

    private static (RecordingRuntime Runtime, Kernel Kernel, int Reclaimed) Reclaim(Func<int, bool> dirty, Func<int, bool>? pinned = null)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V6_9, Machine = new Machine { TotalPages = 400 } });
        var inode = kernel.CreateInode(80, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 80; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty(index));
            if (pinned?.Invoke(index) == true)
            {
                Filemap.FolioGet(inode.Mapping.Pages.Load(index)!);
            }
        }

        var reclaimed = 0;
        runtime.Inner.Run("reclaimer", async () => reclaimed = await kernel.Vmscan.TryToFreePages(kernel.PageAlloc.Zones, Gfp.Kernel));
        return (runtime, kernel, reclaimed);
    }
}
