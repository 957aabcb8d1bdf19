using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The list era's thresholds: dirty_background_ratio and dirty_async_ratio (the model's
    /// <see cref="VmSysctls.DirtyRatio"/>, renamed dirty_ratio in 2.5.43) percent of
    /// nr_free_pagecache_pages, with none of 2.6.20's clamps (no unmapped-ratio bound, no 5%
    /// floor, no background kept below dirty, no boost for real-time tasks). The model takes
    /// nr_free_pagecache_pages as all of memory, as its 2.6.20 era takes vm_total_pages.
    /// dirty_sync_ratio's threshold is not kept: over it the dirtier's pass is WB_SYNC_LAST,
    /// which did nothing WB_SYNC_NONE did not (<see cref="BalanceDirtyPagesV2531"/>).
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages (background_thresh, async_thresh)", "2.5.31")]
    [Models("mm/page-writeback.c", "background_writeout (background_thresh)", "2.5.31")]
    internal DirtyLimits ListEraThresholds()
    {
        var total = Machine.TotalPages;
        long backgroundRatio = Sysctls.DirtyBackgroundRatio;
        long asyncRatio = Sysctls.DirtyRatio;
        return new DirtyLimits(PercentOf(backgroundRatio, total), PercentOf(asyncRatio, total), backgroundRatio, asyncRatio);
    }

    /// <summary>
    /// 2.5.31's throttle: one look, no loop. Over the async threshold (dirty plus writeback pages)
    /// the dirtier writes back one chunk of its disk's inodes itself, SYNC_WRITEBACK_PAGES, and
    /// goes on whatever that left: it never waits for the queue or for memory to come under the
    /// threshold. Then, if no pdflush thread is writing the disk and dirty pages are over the
    /// background threshold, it starts background writeout down to that threshold.
    /// Over dirty_sync_ratio the pass is WB_SYNC_LAST, meant to wait on the last inode written;
    /// sync_sb_inodes' test for the last inode (head-&gt;prev == head, while the inode it is
    /// looking at is head-&gt;prev) is never true, which is the kernel's own "FIXME:
    /// WB_SYNC_LAST doesn't actually work" [V: the test, and the comment above
    /// balance_dirty_pages]. So the pass is the model's WB_SYNC_NONE pass in either case.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPagesV2531(AddressSpace mapping)
    {
        var limits = ListEraThresholds();
        if (Vmstat.NrFileDirty + Vmstat.NrWriteback > limits.Dirty)
        {
            var wbc = new WritebackControl
            {
                SyncMode = WritebackSyncMode.None,
                NrToWrite = SyncWritebackPages(),
            };
            await kernel.FsWriteback.WritebackBackingDev(wbc);
        }

        // pdflush_operation(background_writeout, 0): min_pages 0, down to the background threshold.
        if (!kernel.BackingDev.WritebackInProgress() && Vmstat.NrFileDirty > limits.Background)
        {
            kernel.Pdflush.PdflushOperation("background_writeout", BackgroundWriteout, 0);
        }
    }
}
