using System.Numerics;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The arithmetic of wbc_detach_inode's verdict on a foreign inode (4.2, 2a81490811d0 "writeback:
/// implement foreign cgroup inode detection"), apart from the inode and the wbc so that it can be
/// checked against hand-worked values: pick the round's winner among the wb's own memcg, the last
/// round's winner and this round's candidate (ties to the wb, then to the last winner); turn its
/// bytes into IO time at the wb's average write bandwidth (1 s = 8192); fold that into the running
/// average (7/8 old, 1/8 new; the first round sets it); and unless the round is too short
/// (under avg / WB_FRN_TIME_CUT_DIV) shift its slots (one per 2 s / 16 of IO time, at most 5)
/// into the 16-slot history, set if the winner is foreign. More than 8 foreign slots switch
/// the inode to the winner's wb. C's unsigned long arithmetic throughout; the stored average is
/// capped at U16_MAX.
/// </summary>
public static class WbForeignVote
{
    /// <summary>WB_FRN_TIME_SHIFT: 1 s is 2^13 units of IO time.</summary>
    public const int TimeShift = 13;

    /// <summary>WB_FRN_TIME_AVG_SHIFT: avg = avg * 7/8 + new * 1/8.</summary>
    public const int TimeAvgShift = 3;

    /// <summary>WB_FRN_TIME_PERIOD: 2 s of IO time.</summary>
    public const ulong TimePeriod = 2 * (1UL << TimeShift);

    /// <summary>WB_FRN_HIST_SLOTS: i_wb_frn_history is 16 bits.</summary>
    public const int HistSlots = 16;

    /// <summary>WB_FRN_HIST_UNIT: each slot is 2 s / 16 of IO time.</summary>
    public const ulong HistUnit = TimePeriod / HistSlots;

    /// <summary>WB_FRN_HIST_THR_SLOTS: more than this many foreign slots switch the inode.</summary>
    public const int HistThrSlots = HistSlots / 2;

    /// <summary>WB_FRN_HIST_MAX_SLOTS: one round moves at most this many slots.</summary>
    public const int HistMaxSlots = (HistThrSlots / 2) + 1;

    /// <summary>PAGE_SHIFT.</summary>
    private const int PageShift = 12;

    /// <summary>
    /// WB_FRN_TIME_CUT_DIV: rounds shorter than the average over this are ignored. 2 from 4.2; 8
    /// from Tejun Heo's "writeback, cgroup: Adjust WB_FRN_TIME_CUT_DIV to accelerate foreign
    /// inode switching" (block pull for 5.4; its id not read here).
    /// </summary>
    [Models("fs/fs-writeback.c", "WB_FRN_TIME_CUT_DIV", "4.19")]
    [Models("fs/fs-writeback.c", "WB_FRN_TIME_CUT_DIV", "6.9")]
    public static ulong TimeCutDiv(KernelEra era) => era.ForeignVoteCutsAtAnEighth() ? 8UL : 2UL;

    /// <summary>
    /// The verdict on one round. <paramref name="history"/> and <paramref name="avgTime"/> are the
    /// inode's i_wb_frn_history and i_wb_frn_avg_time; the ids and bytes the wbc's;
    /// <paramref name="avgWriteBandwidth"/> the attached wb's avg_write_bandwidth (pages/s: a
    /// zero divides by zero, as in the kernel). With <paramref name="ignoreHistory"/> (the fault
    /// <see cref="Faults.WbVoteIgnoresHistory"/>) the round's slots replace the history
    /// instead of shifting into it.
    /// </summary>
    [Models("fs/fs-writeback.c", "wbc_detach_inode", "4.19")]
    [Models("fs/fs-writeback.c", "wbc_detach_inode", "6.9")]
    public static Verdict Vote(
        ushort history,
        ushort avgTime,
        int wbId,
        ulong wbBytes,
        int lcandId,
        ulong lcandBytes,
        int tcandId,
        ulong tcandBytes,
        ulong avgWriteBandwidth,
        ulong cutDiv,
        bool ignoreHistory = false)
    {
        int maxId;
        ulong maxBytes;

        // Pick the winner: the wb's own memcg on a tie, then the last round's winner.
        if (wbBytes >= lcandBytes && wbBytes >= tcandBytes)
        {
            maxId = wbId;
            maxBytes = wbBytes;
        }
        else if (lcandBytes >= tcandBytes)
        {
            maxId = lcandId;
            maxBytes = lcandBytes;
        }
        else
        {
            maxId = tcandId;
            maxBytes = tcandBytes;
        }

        // The winner's IO time at the wb's average bandwidth: DIV_ROUND_UP of pages << 13 by pages/s.
        if (avgWriteBandwidth == 0)
        {
            throw new KernelArithmeticException("wbc_detach_inode", "division by zero: wb->avg_write_bandwidth is 0 in DIV_ROUND_UP(max_bytes >> PAGE_SHIFT << WB_FRN_TIME_SHIFT, avg_write_bandwidth)");
        }

        var maxTime = Math64.DivRoundUp((maxBytes >> PageShift) << TimeShift, avgWriteBandwidth);
        ulong avg = avgTime;
        if (avg != 0)
        {
            // Unsigned: the subtraction may wrap and the addition bring it back, as in C.
            avg += (maxTime >> TimeAvgShift) - (avg >> TimeAvgShift);
        }
        else
        {
            avg = maxTime;
        }

        var newHistory = history;
        var recorded = false;
        var switches = false;
        if (maxTime >= avg / cutDiv)
        {
            // A round's slots in proportion to its IO time, at most WB_FRN_HIST_MAX_SLOTS.
            var slots = (int)Math.Min(Math64.DivRoundUp(maxTime, HistUnit), (ulong)HistMaxSlots);
            var shifted = ignoreHistory ? 0u : (uint)history << slots;
            if (wbId != maxId)
            {
                shifted |= (1u << slots) - 1;
            }

            newHistory = (ushort)shifted;
            recorded = true;

            // More than half of the ~2 s of history foreign: switch to the winner.
            switches = BitOperations.PopCount(newHistory) > HistThrSlots;
        }

        return new Verdict(maxId, (ushort)Math.Min(avg, ushort.MaxValue), newHistory, recorded, switches);
    }

    /// <summary>
    /// What the vote leaves: the winner (i_wb_frn_winner), the average and history to store, whether
    /// the round was recorded in the history (not cut as too short), and whether it switches the
    /// inode to the winner's wb (inode_switch_wbs(inode, max_id)).
    /// </summary>
    public readonly record struct Verdict(int MaxId, ushort AvgTime, ushort History, bool Recorded, bool Switches);
}
