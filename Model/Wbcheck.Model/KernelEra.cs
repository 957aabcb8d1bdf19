namespace Wbcheck.Model;

/// <summary>
/// A version of the writeback code the model can run. Eras are ordered oldest first; each later
/// one begins with the kernel commit that ended the one before (see <see cref="KernelEras"/>).
/// </summary>
public enum KernelEra
{
    /// <summary>6.9 and later: writeback_iter, with write_cache_pages a wrapper around it.</summary>
    V6_9,
}
