using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Lib;

/// <summary>
/// struct sbq_wait (DEFINE_SBQ_WAIT): one task's wait on a <see cref="SbitmapQueue"/>, kept
/// across its sleeps in one blk_mq_get_tag. Counted in ws_active from its first
/// sbitmap_prepare_to_wait to the sbitmap_finish_wait after it runs again.
/// </summary>
[Models("include/linux/sbitmap.h", "struct sbq_wait", "5.0")]
public sealed class SbqWait
{
    /// <summary>sbq_wait-&gt;sbq set: counted in the bitmap's ws_active.</summary>
    internal bool Counted { get; set; }

    /// <summary>The wait queue (of the bitmap's SBQ_WAIT_QUEUES) the task last queued on.</summary>
    internal int Index { get; set; }

    /// <summary>The task's entry there (autoremove_wake_function: a wake-up takes it off).</summary>
    internal WaitQueue? Entry { get; set; }
}
