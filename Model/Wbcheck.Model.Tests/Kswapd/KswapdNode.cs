using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// A node of two zones, ZONE_NORMAL and ZONE_HIGHMEM, whose page cache is set up page by page in
/// the zone a test wants (a file of low pages for Normal, one of high pages for HighMem), then
/// balanced by one wakeup of its kswapd, with every batch of the run recorded
/// (<see cref="Batches"/>): what balance_pgdat scanned, freed, wrote and marked, priority by
/// priority, as a batch's size says which priority it ran at (lru_size &gt;&gt; priority from
/// 2.6.28; 2.5.31 and 2.6.20 scan in batches of SWAP_CLUSTER_MAX).
/// </summary>
internal sealed class KswapdNode : ForwardingRuntime
{
    private readonly List<KswapdBatch> batches = [];
    private readonly Inode low;
    private readonly Inode high;
    private Snapshot? open;
    private int? stopAfter;
    private long lowPages;
    private long highPages;

    public KswapdNode(KernelEra era, Machine machine, long laptopMode = 0)
        : base(new SequentialRuntime { RunPendingWhenBlocked = true })
    {
        Kernel = new Kernel(this, new KernelConfig { Era = era, Machine = machine, Sysctls = VmSysctls.V2_6_20Default with { LaptopMode = laptopMode } });
        var fs = new SimpleFs(Kernel, SimpleFsOptions.Default);
        low = Kernel.CreateInode(0, fs);
        low.Mapping.GfpHighmem = false;
        high = Kernel.CreateInode(0, fs);
        high.Mapping.GfpHighmem = true;
    }

    public Kernel Kernel { get; }

    public Zone Normal => Kernel.PageAlloc.Zones.Single(zone => !zone.IsHighmem);

    public Zone HighMem => Kernel.PageAlloc.Zones.Single(zone => zone.IsHighmem);

    /// <summary>The batches of the last <see cref="Kswapd"/>, in order.</summary>
    public IReadOnlyList<KswapdBatch> Batches => batches;

    /// <summary>
    /// Add <paramref name="count"/> cached pages to <paramref name="zone"/>, at the LRU's head:
    /// dirty or clean, pinned (a long-term reference: reclaim frees none of them) or not. Returns them.
    /// </summary>
    public IReadOnlyList<Page> Add(Zone zone, int count, bool dirty = false, bool pinned = false)
    {
        var file = zone.IsHighmem ? high : low;
        var pages = new List<Page>();
        for (var i = 0; i < count; i++)
        {
            var page = Kernel.Filemap.AddCachedPage(file.Mapping, zone.IsHighmem ? highPages++ : lowPages++, dirty);
            if (page.Zone != zone)
            {
                throw new InvalidOperationException($"page {page.Index} went to {page.Zone}, not {zone}: {zone} is full");
            }

            if (pinned)
            {
                Filemap.FolioGet(page);
            }

            pages.Add(page);
        }

        return pages;
    }

    /// <summary>
    /// Add pinned high pages until HighMem has <paramref name="free"/> pages free. Under the fair
    /// zone allocation policy (3.12 to 4.7) a high page goes to Normal when HighMem's batch is out
    /// and Normal's is not: before such a page, clean low pages are added (Normal's own, at the
    /// LRU's head) until Normal's batch is out too, so that the high page's allocation resets
    /// both batches and takes HighMem. Returns how many low pages were added.
    /// </summary>
    public int PinHighUntil(long free)
    {
        var lowAdded = 0;
        while (Free(HighMem) > free)
        {
            while (HighMem.FairDepleted && !Normal.FairDepleted)
            {
                Add(Normal, 1);
                lowAdded++;
            }

            Add(HighMem, 1, pinned: true);
        }

        return lowAdded;
    }

    /// <summary>Free pages of <paramref name="zone"/>.</summary>
    public long Free(Zone zone) => (long)Kernel.Throttle.ZoneFreePages(zone);

    /// <summary>
    /// One wakeup of the node's kswapd; returns what it says it reclaimed, the batches in
    /// <see cref="Batches"/>. With <paramref name="stopAfter"/>, the run is cut short once that
    /// many batches are recorded (at the next batch's isolation: a test of the first rounds need
    /// not wait for the node to be found unreclaimable), and returns -1.
    /// </summary>
    public int Kswapd(int? stopAfter = null)
    {
        batches.Clear();
        open = null;
        this.stopAfter = stopAfter;
        var reclaimed = 0;
        try
        {
            Inner.Run("kswapd", async () => reclaimed = await Kernel.Vmscan.Kswapd(0));
        }
        catch (StopException)
        {
            return -1;
        }

        Close();
        return reclaimed;
    }

    /// <summary>The batches' <see cref="KswapdBatch.Counts"/>, space-separated.</summary>
    public string Trace() => string.Join(' ', batches.Select(batch => batch.Counts));

    public override Preemption Schedule(PointKind kind, StepLabel label)
    {
        // The isolation of a batch: the one before it ends here, the next starts.
        if (label.Function == Kernel.Names.IsolateLru)
        {
            Close();
            if (batches.Count == stopAfter)
            {
                throw new StopException();
            }

            open = new Snapshot(Kernel);
        }

        return base.Schedule(kind, label);
    }

    private void Close()
    {
        if (open is not null)
        {
            var batch = open.Diff(Kernel);
            if (batch.Scanned > 0)
            {
                batches.Add(batch);
            }

            open = null;
        }
    }

    /// <summary>Thrown out of kswapd's run at a batch's isolation once <see cref="stopAfter"/> batches are recorded.</summary>
    private sealed class StopException : Exception;

    /// <summary>The LRU (tail to head) and each page's flags, as a batch's isolation found them.</summary>
    private sealed class Snapshot
    {
        private readonly List<(Page Page, int Generation, bool Dirty, bool Reclaim, bool Active)> lru;
        private readonly long jiffies;

        public Snapshot(Kernel kernel)
        {
            lru = kernel.Vmscan.Lru.Select(page => (page, page.Generation, page.Dirty, page.Reclaim, page.Active)).ToList();
            jiffies = kernel.Timers.Jiffies;
        }

        /// <summary>
        /// What the batch did. A batch takes the inactive pages of one zone off the LRU's tail,
        /// so every page of that zone it left is nearer the head than every page it took, and
        /// puts back what it did not free at the head in the order it took them. So in each
        /// zone's inactive pages, read tail to head, the pages taken and kept come after the
        /// last place where the old order goes backwards; the pages taken are those plus the
        /// pages freed. (A batch that took and kept every inactive page of its zone leaves their
        /// order as it was and shows as none.)
        /// </summary>
        public KswapdBatch Diff(Kernel kernel)
        {
            var before = lru.Select((entry, position) => (entry, position)).ToDictionary(item => item.entry.Page, item => item.position);
            var now = kernel.Vmscan.Lru.ToHashSet();
            var taken = new List<(Page Page, bool Dirty, bool Reclaim, bool Freed)>();
            foreach (var candidate in lru.Select(entry => entry.Page.Zone!).Distinct())
            {
                bool Inactive((Page Page, int Generation, bool Dirty, bool Reclaim, bool Active) entry) => entry.Page.Zone == candidate && !entry.Active;
                foreach (var entry in lru.Where(Inactive).Where(entry => entry.Page.Generation != entry.Generation || entry.Page.Freed || !now.Contains(entry.Page)))
                {
                    taken.Add((entry.Page, entry.Dirty, entry.Reclaim, true));
                }

                var kept = kernel.Vmscan.Lru.Where(page => before.TryGetValue(page, out var position) && Inactive(lru[position]) && page.Generation == lru[position].Generation).ToList();
                var last = kept.Count - 1;
                while (last > 0 && before[kept[last]] > before[kept[last - 1]])
                {
                    last--;
                }

                if (last > 0)
                {
                    taken.AddRange(kept.Skip(last).Select(page => (page, lru[before[page]].Dirty, lru[before[page]].Reclaim, false)));
                }
            }

            // 2.5.31's one LRU: a batch of a classzone takes the pages of every zone in it.
            var zone = string.Concat(taken.Select(entry => entry.Page.Zone!).Distinct().OrderBy(zone => zone.IsHighmem).Select(zone => zone.IsHighmem ? "H" : "N"));
            return new KswapdBatch(
                zone,
                taken.Count,
                taken.Count(entry => entry.Freed),
                taken.Count(entry => entry.Dirty && !entry.Freed && !entry.Page.Dirty),
                taken.Count(entry => !entry.Reclaim && !entry.Freed && entry.Page.Reclaim),
                taken.Count(entry => !entry.Freed && entry.Page.Active),
                jiffies);
        }
    }
}
