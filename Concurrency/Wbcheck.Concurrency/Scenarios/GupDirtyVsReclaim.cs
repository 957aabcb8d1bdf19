using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A page pinned by get_user_pages whose user mapping has gone is written by a device and
/// dirtied as the era's callers did, with the page lock (set_page_dirty_lock, as dio's
/// bio_set_pages_dirty; unpin_user_pages_dirty_lock from 5.6), then released, while the flusher
/// cleans it and kswapd reclaims it: no page may leave the cache dirty, and no data be cleaned
/// silently. With <see cref="Faults.GupDirtiesWithoutPageLock"/> the holder dirties it with no
/// lock, the race __remove_mapping's comment describes: reclaim holds the page lock, so only its
/// check of PG_dirty after freezing the references keeps it from freeing the page with the
/// device's data.
/// </summary>
public sealed class GupDirtyVsReclaim(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "gup-dirty-vs-reclaim";

    public override string Name => ScenarioName;

    public override string Description => "a get_user_pages holder dirties a page (with the page lock, as the era's callers did) while writeback cleans it and kswapd reclaims it: reclaim rechecks PG_dirty after freezing the references";

    /// <summary>
    /// One writeback thread for the disk: the flusher below is the pool's only one and the wb's
    /// flusher (<see cref="DiskFlusher"/>), so that kswapd's wake-up of the flushers after a batch
    /// of unqueued dirty pages (4.11 on) gets its writeback after this one, as the kernel's one
    /// flusher of the disk runs one writeback at a time (a queued work to 4.14, the flush
    /// WB_start_all asks for from 4.15); a second pass over the page beside the first is no reach
    /// of the kernel's.
    /// </summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = config.Machine with { PdflushThreads = 1 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);

        // get_user_pages(FOLL_WRITE) returned before the race (its write fault dirtied the page),
        // and the user mapping has gone since: the pin is the page's only user reference.
        Filemap.FolioGet(page);

        setup.Runtime.Spawn("dio", async () =>
        {
            if (kernel.Faults.GupDirtiesWithoutPageLock)
            {
                await kernel.Gup.SetPageDirty(page);
            }
            else
            {
                await kernel.Gup.SetPageDirtyLock(page);
            }
        });
        DiskFlusher.Start(kernel, async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("kswapd", async () => await kernel.Vmscan.ReclaimOne(kswapd: true));
    }
}
