using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// struct wb_completion: what a caller of sync(2)'s passes waits on. It counts the works queued
/// with it and not yet finished, plus the caller's own reference (DEFINE_WB_COMPLETION starts at
/// 1), so that one wait covers every work bdi_split_work_to_wbs queued on the bdi's wbs (cgroup
/// writeback, 4.2). Before 4.2 each work had its own struct completion; one work counted so is the
/// same thing.
/// </summary>
[Models("fs/fs-writeback.c", "struct wb_completion", "4.4")]
[Models("include/linux/backing-dev-defs.h", "struct wb_completion", "6.9")]
public sealed class WbCompletion
{
    private int cnt = 1;

    /// <summary>The wait queue the caller sleeps on (bdi-&gt;wb_waitq, later done-&gt;waitq).</summary>
    public WaitQueue Waitq { get; } = new("the completion of a wb_writeback_work");

    /// <summary>cnt: the caller's reference and one for each queued work not yet finished.</summary>
    public int Cnt
    {
        get
        {
            AccessLog.Read(Waitq.AccessId);
            return cnt;
        }

        set
        {
            AccessLog.Write(Waitq.AccessId);
            cnt = value;
        }
    }
}
