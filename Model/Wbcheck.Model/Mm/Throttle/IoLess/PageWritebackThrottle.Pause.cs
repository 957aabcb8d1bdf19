using Wbcheck.Model.Citations;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// Pages a task may dirty before it looks again, under the freerun ceiling: about the square
    /// root of the pages left before the threshold, so a big machine does not look too often.
    /// </summary>
    [Models("mm/page-writeback.c", "dirty_poll_interval", "4.19")]
    public ulong DirtyPollInterval(ulong dirty, ulong thresh) =>
        thresh > dirty ? 1UL << (int)(Math64.Ilog2(thresh - dirty) >> 1) : faults.DirtyPollIntervalMayBeZero ? 0UL : 1;

    /// <summary>
    /// The longest pause: short enough that a small pool of dirty pages does not drain and leave
    /// the disk idle (8 is the safety ratio), and never over MAX_PAUSE.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_max_pause", "3.18")]
    [Models("mm/page-writeback.c", "wb_max_pause", "4.19")]
    public long WbMaxPause(BdiWriteback wb, ulong wbDirty)
    {
        var t = wbDirty / (1 + (wb.AvgWriteBandwidth / Math64.RoundupPowOfTwo(1 + (Timers.Hz / 8))));
        t++;
        return (long)(faults.MaxPauseNotCapped ? t : Math.Min(t, (ulong)MaxPause));
    }

    /// <summary>
    /// The shortest pause worth taking, and nr_dirtied_pause, the pages to dirty before the next
    /// look: aim at 10 ms (longer with many dirtiers), at most half of max_pause, at least
    /// DIRTY_POLL_THRESH pages, and never so many pages that the next pause would pass max_pause.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_min_pause", "3.18")]
    [Models("mm/page-writeback.c", "wb_min_pause", "4.19")]
    public (long MinPause, int NrDirtiedPause) WbMinPause(BdiWriteback wb, ulong wbDirtyRatelimit, long maxPause, ulong taskRatelimit, ulong dirtyRatelimit)
    {
        var hi = Math64.Ilog2(wb.AvgWriteBandwidth);
        var lo = Math64.Ilog2(wbDirtyRatelimit);
        long t = Math.Max(1, Timers.Hz / 100);
        if (hi > lo)
        {
            t += (hi - lo) * (10 * Timers.Hz) / 1024;
        }

        if (!faults.MinPauseNotTrimmed)
        {
            t = Math.Min(t, 1 + (maxPause / 2));
        }

        var hz = (long)Math64.RoundupPowOfTwo(Timers.Hz);
        var pages = (int)(dirtyRatelimit * (ulong)t / (ulong)hz);
        if (pages < DirtyPollThresh)
        {
            t = maxPause;
            pages = (int)(dirtyRatelimit * (ulong)t / (ulong)hz);
            if (pages > DirtyPollThresh)
            {
                pages = (int)DirtyPollThresh;
                t = (long)Math64.Div64U64((ulong)Timers.Hz * DirtyPollThresh, dirtyRatelimit, "wb_min_pause", "dirty_ratelimit");
            }
        }

        var pause = (long)((ulong)Timers.Hz * (ulong)pages / (taskRatelimit + 1));
        if (pause > maxPause)
        {
            t = maxPause;
            pages = (int)(taskRatelimit * (ulong)t / (ulong)hz);
        }

        return (pages >= DirtyPollThresh ? 1 + (t / 2) : t, pages);
    }
}
