using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// A domain's dirty_limit after one update: it follows a rising threshold at once and a
    /// falling one by 1/32 of the gap a step, never below the dirty pages, so that a sudden drop
    /// of dirtyable memory does not throttle every dirtier hard at once. The same for the global
    /// domain (3.18's global_dirty_limit) and, from 4.2, a memcg's wb_domain.
    /// </summary>
    [Models("mm/page-writeback.c", "update_dirty_limit", "3.18")]
    [Models("mm/page-writeback.c", "update_dirty_limit", "4.19")]
    public static ulong UpdateDirtyLimit(ulong limit, ulong thresh, ulong dirty)
    {
        if (limit < thresh)
        {
            return thresh;
        }

        thresh = Math.Max(thresh, dirty);
        return limit > thresh ? limit - ((limit - thresh) >> 5) : limit;
    }
}
