using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    /// <summary>The OOM killer the slow path calls when reclaim cannot go on.</summary>
    public OomKill Oom => oom ??= new OomKill(kernel);

    private OomKill? oom;

    /// <summary>
    /// fatal_signal_pending(current) as far as the model sends signals: the OOM killer's SIGKILL
    /// (<see cref="OomKill.FatalSignalPending"/>). False without asking while nobody was killed, so
    /// a run without a kill never makes the OOM killer's state.
    /// </summary>
    public bool FatalSignalPending => oom is { FatalSignalPending: true };

    /// <summary>
    /// The running task returns to user space at the end of a system call: an OOM kill's SIGKILL
    /// is delivered and the task exits (<see cref="OomKill.GetSignal"/>); true when it has, and
    /// its program must end. Asks nothing while nobody was killed in the run, so a scenario's
    /// thread can end each system call with it at no cost to runs without a kill.
    /// </summary>
    [Models("kernel/entry/common.c", "exit_to_user_mode_loop (get_signal)", "6.9")]
    public bool ReturnToUserSpace() => oom is not null && oom.GetSignal();

    /// <summary>
    /// The OOM path of an allocation whose reclaim cannot go on: first the zonelist once more
    /// against the high watermark, "only to catch a parallel oom killing" (a zone above it has
    /// had memory freed meanwhile: the retry takes its page; the kernel takes it here, the model
    /// on its caller's next look, under the tree lock as the insertion is), then out_of_memory,
    /// which kills the allocating task (<see cref="OomKill.OutOfMemory"/>). Either way the
    /// allocation is tried again: 2.6.20 and 3.x "goto restart", 4.x on count the kill as
    /// progress (did_some_progress = 1, no_progress_loops = 0). The victim's next try takes a
    /// page of the reserves (<see cref="OomReserveZone"/>) or fails; an allocation whose
    /// out_of_memory found an earlier victim alive retries as after a kill (4.x: out_of_memory
    /// returns true for the abort too). Not modelled: 4.x's oom_lock (no scheduling point inside
    /// the section, <see cref="OomKill.OutOfMemory"/>), and the gates a page-cache allocation
    /// passes (__GFP_FS set, no __GFP_NORETRY or __GFP_THISNODE, order 0, a classzone of
    /// ZONE_NORMAL or above).
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages_may_oom", "3.18")]
    [Models("mm/page_alloc.c", "__alloc_pages (out_of_memory, goto restart)", "2.6.20")]
    [Models("mm/page_alloc.c", "__alloc_pages_may_oom", "4.19")]
    [Models("mm/page_alloc.c", "__alloc_pages_may_oom", "6.9")]
    private void AllocPagesMayOom(IReadOnlyList<Zone> zonelist, AddressSpace mapping, AllocRetries retries)
    {
        if (zonelist.Any(zone => ZoneWatermarkOk(zone, zone.HighWmarkPages, LowmemReserve(zone, zonelist[0]))))
        {
            return;
        }

        Oom.OutOfMemory($"a page of {mapping} from {string.Join(", ", zonelist)}");
        retries.NoProgressLoops = 0;
    }

    /// <summary>
    /// The zone an OOM victim's allocation takes a reserve page from, once the min watermark
    /// pass found none: TIF_MEMDIE gives it ALLOC_NO_WATERMARKS (2.6.20 to 4.13: any free page,
    /// no lowmem_reserve), from 4.14 ALLOC_OOM (the min watermark less half of it, the lowmem
    /// reserve kept: <see cref="OomEras.OomVictimsGetHalfTheReserve"/>). Null when no zone has
    /// one: the allocation fails (nopage).
    /// </summary>
    [Models("mm/page_alloc.c", "gfp_to_alloc_flags (TIF_MEMDIE: ALLOC_NO_WATERMARKS)", "3.18")]
    [Models("mm/page_alloc.c", "__gfp_pfmemalloc_flags (ALLOC_OOM)", "6.9")]
    [Models("mm/page_alloc.c", "__zone_watermark_ok (ALLOC_OOM)", "6.9")]
    private Zone? OomReserveZone(IReadOnlyList<Zone> zonelist)
    {
        var halfTheReserve = kernel.Era.OomVictimsGetHalfTheReserve();
        foreach (var zone in zonelist)
        {
            var ok = halfTheReserve
                ? ZoneWatermarkOk(zone, zone.MinWmarkPages - (zone.MinWmarkPages / 2), LowmemReserve(zone, zonelist[0]))
                : ZoneWatermarkOk(zone, mark: 0, lowmemReserve: 0);
            if (ok)
            {
                BufferedRmqueue(zone);
                return zone;
            }
        }

        return null;
    }
}
