using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// A cgwb's own work_list and WB_start_all (cgroup writeback, 4.2): sync(2)'s works and its
/// wake-up are split over the bdi's wbs (bdi_split_work_to_wbs, wakeup_flusher_threads for each
/// wb), and each wb's flusher runs those queued on it, over its own inodes. The root wb's are
/// <see cref="FsWriteback"/>'s (FsWriteback.Work.cs, FsWriteback.StartAll.cs).
/// </summary>
public sealed partial class CgroupWb
{
    private readonly Queue<WbWritebackWork> workList = new();
    private bool startAll;

    /// <summary>Whether a work is queued on the wb (!list_empty(&amp;wb-&gt;work_list)).</summary>
    [Models("fs/fs-writeback.c", "wb_writeback (list_empty(&wb->work_list))", "6.9")]
    public bool WorkQueued
    {
        get
        {
            Touch();
            return workList.Count > 0;
        }
    }

    /// <summary>WB_start_all (4.15): a flush of everything is asked of this wb's flusher.</summary>
    public bool StartAll
    {
        get
        {
            Touch();
            return startAll;
        }

        internal set
        {
            Touch();
            startAll = value;
        }
    }

    /// <summary>Queue <paramref name="work"/> at the tail of the wb's work_list.</summary>
    [Models("fs/fs-writeback.c", "wb_queue_work (list_add_tail)", "6.9")]
    internal void QueueWork(WbWritebackWork work)
    {
        Touch();
        workList.Enqueue(work);
    }

    /// <summary>The first queued work, taken off the list, or null when none is queued.</summary>
    [Models("fs/fs-writeback.c", "get_next_work_item", "6.9")]
    internal WbWritebackWork? GetNextWorkItem()
    {
        Touch();
        return workList.TryDequeue(out var work) ? work : null;
    }
}
