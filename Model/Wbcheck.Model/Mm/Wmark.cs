using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// Which watermark an allocation pass checks (the ALLOC_WMARK_* bits of alloc_flags): the fast
/// path's low, the slow path's min.
/// </summary>
[Models("include/linux/mmzone.h", "enum zone_watermarks", "3.18")]
public enum Wmark
{
    Min = 0,
    Low = 1,
    High = 2,
}
