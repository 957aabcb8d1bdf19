using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>What shrink_page_list does with a page after reading its references (enum page_references).</summary>
[Models("mm/vmscan.c", "enum page_references", "3.18")]
[Models("mm/vmscan.c", "enum folio_references", "6.9")]
internal enum PageReferences
{
    /// <summary>PAGEREF_RECLAIM: go on to write or free it.</summary>
    Reclaim,

    /// <summary>PAGEREF_RECLAIM_CLEAN: free it if clean, but do not write it.</summary>
    ReclaimClean,

    /// <summary>PAGEREF_KEEP: leave it on the inactive list.</summary>
    Keep,

    /// <summary>PAGEREF_ACTIVATE: move it to the active list.</summary>
    Activate,
}
