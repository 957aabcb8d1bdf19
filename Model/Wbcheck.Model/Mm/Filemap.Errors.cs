using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// Record a writeback error on the mapping, in both channels: the errseq that per-file fsync
    /// reporting reads, and the legacy AS_EIO/AS_ENOSPC bits. The mapping is the inode's
    /// (i_data): once eviction has cleared the inode it is freed memory, and a record there is
    /// reported as a use-after-free (what handle_write_error's page lock and mapping check are
    /// for: docs/reclaim-and-filesystems.md).
    /// </summary>
    [Models("include/linux/pagemap.h", "mapping_set_error", "6.9")]
    public static void MappingSetError(AddressSpace mapping, int error)
    {
        if (error == 0)
        {
            return;
        }

        if (mapping.Host.Evicted)
        {
            throw new InvariantViolationException(UseAfterFree.Name,
                $"mapping_set_error recorded {Errno.Name(error)} on {mapping}, whose inode eviction has freed");
        }

        mapping.WbErr = mapping.WbErr.Set(error);
        mapping.Flags |= error == Errno.ENOSPC ? AddressSpaceFlags.Enospc : AddressSpaceFlags.Eio;
    }

    /// <summary>Test and clear the legacy error bits: whoever calls first is told, once.</summary>
    [Models("mm/filemap.c", "filemap_check_errors", "6.9")]
    public static int FilemapCheckErrors(AddressSpace mapping)
    {
        var result = 0;
        if ((mapping.Flags & AddressSpaceFlags.Enospc) != 0)
        {
            result = Errno.ENOSPC;
        }

        if ((mapping.Flags & AddressSpaceFlags.Eio) != 0)
        {
            result = Errno.EIO;
        }

        mapping.Flags &= ~(AddressSpaceFlags.Enospc | AddressSpaceFlags.Eio);
        return result;
    }

    /// <summary>
    /// Report to this open file an error recorded since it last looked, and advance its cursor,
    /// so every file description that was open when the error happened is told exactly once.
    /// </summary>
    [Models("mm/filemap.c", "file_check_and_advance_wb_err", "6.9")]
    public int FileCheckAndAdvanceWbErr(OpenFile file)
    {
        var mapping = file.Mapping;
        var error = 0;
        if (mapping.WbErr.Check(file.WbErr) != 0)
        {
            var (reported, word, since) = mapping.WbErr.CheckAndAdvance(file.WbErr);
            error = reported;
            mapping.WbErr = word;
            if (!kernel.Faults.FsyncDoesNotAdvanceErrSeq)
            {
                file.WbErr = since;
            }
        }

        // Callers of this replace filemap_check_errors, so clear the legacy bits as it would have.
        mapping.Flags &= ~(AddressSpaceFlags.Enospc | AddressSpaceFlags.Eio);
        return error;
    }
}
