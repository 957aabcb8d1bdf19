using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_kupdate of 2.6.20 takes its budget once, at its start: the dirty pages then, plus the
/// inodes in use ("nr_to_write = global_page_state(NR_FILE_DIRTY) + ... + (nr_inodes -
/// nr_unused)"), and loops "while (nr_to_write &gt; 0)", taking off what each pass wrote. Pages
/// dirtied during the run are written only while the budget lasts: a run whose passes spend it
/// exactly ends there, and what the old inode still has dirty waits for the next run. The bound
/// is what keeps a writer that keeps an old file dirty from holding pdflush in kupdate.
/// </summary>
public sealed class KupdateBudgetSpentTests
{
    [Fact]
    public void A_run_that_spends_its_budget_exactly_leaves_pages_dirtied_meanwhile_to_the_next_run()
    {
        // Chunks of 4 pages; one file (one inode in use) with pages 1-3 dirty, old by the time
        // kupdate runs: a budget of 3 + 1 = 4. Its range_cyclic walk starts at writeback_index 1.
        var runtime = new RecordingRuntime(bound: 500);
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20, Machine = new Machine { MaxWritebackPages = 4 } });
        var inode = kernel.CreateInode(4, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 1; index <= 3; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        inode.Mapping.WritebackIndex = 1;
        kernel.Timers.Advance(kernel.Throttle.Sysctls.DirtyExpireInterval + 1);
        Assert.Equal(3, kernel.Vmstat.NrFileDirty);

        // A writer holds page 1 locked: the first pass, having looked up pages 1-3, sleeps on
        // it, and meanwhile the writer writes page 4 (ahead of the walk) and page 0 (behind
        // it) of the same, still old, inode, then unlocks page 1.
        var page1 = inode.Mapping.Pages.Load(1)!;
        runtime.Inner.Run("writer", async () => await kernel.Filemap.FolioLock(page1));
        var file = kernel.Open(inode);
        runtime.Inner.Spawn("writer", async () =>
        {
            Assert.True(await kernel.Filemap.GenericFileWriteIter(file, 4) > 0);
            Assert.True(await kernel.Filemap.GenericFileWriteIter(file, 0) > 0);
            kernel.Filemap.FolioUnlock(page1);
        });

        runtime.Inner.Run("pdflush", async () => await kernel.Throttle.WbKupdate(0));

        // The pass wrote pages 1-3, then page 4 from its next lookup: its whole chunk, so the
        // budget is spent (4 - 4 = 0) and the run ends. Page 0 stays dirty for the next run; a
        // second pass would have wrapped to it.
        Assert.Equal(1, runtime.Count("writeback_inodes"));
        Assert.Equal(4, kernel.Device.SubmittedCount);
        Assert.True(inode.Mapping.Pages.Load(0)!.Dirty);
    }
}
