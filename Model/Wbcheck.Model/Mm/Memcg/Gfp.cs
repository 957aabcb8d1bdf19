namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// The reclaim bits of a gfp mask a charge passes to the memcg's reclaim: whether it may start
/// I/O (__GFP_IO) and whether it may call into a filesystem (__GFP_FS). GFP_KERNEL has both;
/// GFP_NOFS, what a filesystem holding its own locks allocates with (ext4's journal handle,
/// AOP_FLAG_NOFS in write_begin, __getblk's metadata pages), has only __GFP_IO; GFP_NOIO neither.
/// </summary>
[Flags]
public enum Gfp
{
    /// <summary>GFP_NOIO: neither I/O nor filesystem.</summary>
    NoIo = 0,

    /// <summary>__GFP_IO.</summary>
    Io = 1,

    /// <summary>__GFP_FS.</summary>
    Fs = 2,

    /// <summary>GFP_NOFS.</summary>
    NoFs = Io,

    /// <summary>GFP_KERNEL.</summary>
    Kernel = Io | Fs,
}
