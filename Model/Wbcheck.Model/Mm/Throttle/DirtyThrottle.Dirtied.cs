using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The cumulative counters came with the I/O-less throttle's groundwork: NR_DIRTIED and
    /// NR_WRITTEN in 2.6.37, current-&gt;nr_dirtied and account_page_redirty in 3.2. Of the
    /// model's eras, 3.19 is the first with them; 2.6.36 has none.
    /// </summary>
    private bool CountsDirtied => kernel.Era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// Boot state, not a kernel function: the disk dirtied and wrote back <paramref name="pages"/>
    /// pages before the run, as on a machine that has run a while. Where the era counts them
    /// (<see cref="CountsDirtied"/>), NR_DIRTIED and NR_WRITTEN hold them, so the root wb's share
    /// of completions is 1 and the flusher's per-disk background test (3.2 on,
    /// <see cref="OverBgroundThresh"/>) asks no more than the machine's threshold; the bandwidth
    /// estimate's stamps are moved past them, so no estimate counts them. A fresh disk's share is
    /// 0, and its flusher writes from its first dirty page (docs/eras.md section 98). Before 3.19
    /// nothing changes: the era has neither counter nor per-disk test.
    /// </summary>
    public void DiskHasWritten(long pages = 1)
    {
        if (!CountsDirtied)
        {
            return;
        }

        Vmstat.NrDirtied += pages;
        Vmstat.NrWritten += pages;
        Bdi.DirtiedStamp += (ulong)pages;
        Bdi.WrittenStamp += (ulong)pages;
    }

    /// <summary>
    /// The running task's own dirtying counts: those of <see cref="Current"/>, kept across the
    /// model threads a task runs as (a task attached to several threads is one task).
    /// </summary>
    public TaskDirtied CurrentDirtied => Counts(Current);

    /// <summary>The dirtying counts of <paramref name="task"/>.</summary>
    public TaskDirtied DirtiedBy(TaskStruct task) => Counts(task);

    private TaskDirtied Counts(TaskStruct task)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        task = Faults.TasksShareDirtiedCounts ? TaskStruct.Ordinary : task;
        if (!dirtied.TryGetValue(task, out var counts))
        {
            counts = new TaskDirtied();
            dirtied[task] = counts;
        }

        return counts;
    }

    /// <summary>
    /// The per-task part of account_page_dirtied: in the 2.6.29 and 2.6.36 eras one event of the
    /// task's dirties (task_dirty_inc). The cumulative part (folio_account_dirtied): a page newly
    /// dirtied counts once in NR_DIRTIED, once for the task that dirtied it, and once for its
    /// CPU's bdp_ratelimits (the I/O-less throttle's per-CPU look, 3.2). Under the tree
    /// lock, with interrupts off: no scheduling point.
    /// </summary>
    [Models("mm/page-writeback.c", "account_page_dirtied", "4.19")]
    [Models("mm/page-writeback.c", "folio_account_dirtied", "6.9")]
    [Models("mm/page-writeback.c", "account_page_dirtied (task_dirty_inc)", "2.6.29")]
    internal void AccountPageDirtied(AddressSpace mapping)
    {
        if (PerBdi)
        {
            TaskDirtyInc();
        }

        if (!CountsDirtied)
        {
            return;
        }

        Vmstat.NrDirtied++;

        // inode_attach_wb with the page's memcg (the mapping's charge), then WB_RECLAIMABLE and
        // WB_DIRTIED of the wb the inode is attached to (4.2): the attached one, not the memcg's.
        InodeAttachWb(mapping.Host, mapping.Host.Memcg);
        if (InodeToWb(mapping.Host) is { } wb)
        {
            WbStatReclaimable(wb, 1);
            wb.Dirtied++;
        }

        if (!Faults.DirtyingNotCountedForTask)
        {
            CurrentDirtied.NrDirtied++;
        }

        // this_cpu_inc(bdp_ratelimits): the CPU's count for balance_dirty_pages_ratelimited.
        ratelimits[Current.Cpu]++;
    }

    /// <summary>
    /// A -&gt;writepage redirtied a page it had just cleaned for I/O: take back the count its
    /// dirtying added, from NR_DIRTIED and from the task doing the writeback, so that the
    /// dirtied and written counts match in the long term (their mismatch skews the balanced
    /// dirty rate and the position control; 2f800fbd777b, 3.2, recalled).
    /// </summary>
    [Models("mm/page-writeback.c", "account_page_redirty", "3.2")]
    [Models("mm/page-writeback.c", "account_page_redirty", "4.19")]
    internal void AccountPageRedirty(AddressSpace mapping)
    {
        if (!CountsDirtied || Faults.RedirtyNotDeaccounted)
        {
            return;
        }

        Vmstat.NrDirtied--;

        // dec_wb_stat(wb, WB_DIRTIED) inside the unlocked_inode_to_wb transaction (4.6).
        if (CgroupWriteback)
        {
            var cookie = UnlockedInodeToWbBegin(mapping.Host);
            if (cookie.Wb is { } wb)
            {
                wb.Dirtied--;
            }

            UnlockedInodeToWbEnd(cookie);
        }

        if (!Faults.RedirtyNotDeaccountedFromTask)
        {
            CurrentDirtied.NrDirtied--;
        }
    }

    /// <summary>
    /// A page's writeback completed: one completion for its disk's floating proportion (2.6.24
    /// to 3.4; the model counts it even for a page truncated meanwhile, which the kernel counts
    /// only while the page has a mapping), and from 2.6.37 one page in NR_WRITTEN.
    /// </summary>
    [Models("mm/page-writeback.c", "test_clear_page_writeback (NR_WRITTEN)", "4.19")]
    [Models("mm/page-writeback.c", "test_clear_page_writeback (bdi_writeout_inc)", "2.6.29")]
    [Models("mm/page-writeback.c", "__wb_writeout_inc", "4.19")]
    [Models("mm/page-writeback.c", "test_clear_page_writeback (WB_WRITEBACK)", "4.19")]
    [Models("mm/page-writeback.c", "__wb_writeout_add", "6.9")]
    internal void AccountPageWritten(AddressSpace? mapping)
    {
        if (PerBdi)
        {
            BdiWriteoutInc();
        }

        if (CountsDirtied)
        {
            Vmstat.NrWritten++;
        }

        // dec_wb_stat(wb, WB_WRITEBACK) and __wb_writeout_inc(wb), wb = inode_to_wb(inode): WB_WRITTEN
        // and the wb's completions in the global domain and its memcg's. With no mapping left the
        // kernel counts the page for no wb (neither runs); the model's root wb, derived from the
        // machine's totals, absorbs it (docs/cgroup-writeback.md, "Not modelled").
        if (mapping is not null && InodeToWb(mapping.Host) is { } wb)
        {
            WbStatWritebackOf(wb, -1);
            if (!Faults.CgwbCompletionsToRoot)
            {
                wb.Written++;
            }
        }
    }

    /// <summary>
    /// 3.2 took the count back before redirtying the page; by 4.19 (and in 6.9's
    /// folio_redirty_for_writepage) after. Between the two a reader sees the counts off by one.
    /// </summary>
    internal bool DeaccountsBeforeRedirty => kernel.Era.Before(KernelEra.V4_13);
}
