using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// The flags balance_dirty_pages_ratelimited_flags takes (6.0, 407619d2cef3, "mm: Add
/// balance_dirty_pages_ratelimited_flags() function", Jan Kara, for io_uring's async buffered
/// writes): <see cref="Async"/>, BDP_ASYNC, makes balance_dirty_pages return -EAGAIN where it
/// would sleep.
/// </summary>
[Models("include/linux/writeback.h", "enum bdp_flags (BDP_ASYNC)", "6.9")]
[Flags]
public enum BdpFlags
{
    None = 0,

    /// <summary>BDP_ASYNC: the caller cannot sleep (IOCB_NOWAIT); return -EAGAIN instead.</summary>
    Async = 1,
}
