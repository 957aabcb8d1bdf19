namespace Wbcheck.Model.Mm;

/// <summary>mapping-&gt;flags bits for writeback errors, the legacy reporting channel.</summary>
[Flags]
public enum AddressSpaceFlags : byte
{
    None = 0,

    /// <summary>AS_EIO: an I/O error happened during writeback.</summary>
    Eio = 1,

    /// <summary>AS_ENOSPC: writeback ran out of space.</summary>
    Enospc = 2,
}
