using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// Which pages the isolation step takes off the LRU (<see cref="IsolateLruPages"/> takes them in
/// the LRU's order); what the model keeps of __isolate_lru_page is the one filter that decides whether a
/// page reaches shrink_page_list at all: ISOLATE_CLEAN (3.2 to 4.10), under which a reclaimer
/// that may not write leaves dirty pages and pages under writeback where they are, with no
/// reference, no page lock and no look at their young bits.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// Whether isolation takes <paramref name="page"/> for a reclaimer whose sc->may_writepage is
    /// <paramref name="mayWritepage"/>.
    /// </summary>
    [Models("mm/vmscan.c", "__isolate_lru_page (ISOLATE_CLEAN)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (!sc->may_writepage: ISOLATE_CLEAN)", "3.18")]
    internal bool IsolateLruPage(Page page, bool mayWritepage) =>
        mayWritepage || !kernel.Era.IsolatesOnlyCleanWithoutWritepage() || !(page.Writeback || page.Dirty);
}
