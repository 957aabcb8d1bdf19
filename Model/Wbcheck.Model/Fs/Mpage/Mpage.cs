using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// fs/mpage.c: reads and writes that put many pages into one bio while their blocks are
/// contiguous on the disk, and hand any page they cannot describe that way ("confused") to the
/// buffer-head fallbacks (its files: Mpage.*.cs). Every bio goes into <paramref name="log"/>
/// with the reason it was sent.
/// </summary>
public sealed partial class Mpage(Kernel kernel, BufferHeads buffers, BioLog log)
{
    /// <summary>
    /// The largest bio (in pages) bio_alloc can give; above it the allocation fails, as under
    /// memory pressure. Unlimited by default.
    /// </summary>
    public int BioAllocLimit { get; init; } = int.MaxValue;

    private int BioMaxPages => kernel.Config.BioMaxPages;

    /// <summary>
    /// Completion of an mpage bio. mpage never puts part of a page in a bio (save at EOF), so
    /// each page's completion is its bio's: no per-buffer accounting as in
    /// end_buffer_async_read, which is why mpage gives up on pages that would need it.
    /// </summary>
    [Models("fs/mpage.c", "mpage_end_io", "4.9")]
    [Models("mm/filemap.c", "page_endio", "4.9")]
    private void MpageEndIo(Bio bio, int status)
    {
        foreach (var vec in bio.Vecs)
        {
            var page = vec.Page;
            if (bio.Op == BioOp.Read)
            {
                page.Uptodate = status == 0;
                page.Error |= status != 0;
                kernel.Filemap.FolioUnlock(page);
                continue;
            }

            if (status != 0)
            {
                page.Error = true;
                if (page.Mapping is { } mapping)
                {
                    Filemap.MappingSetError(mapping, status);
                }
            }

            kernel.Filemap.FolioEndWriteback(page);
        }
    }

    /// <summary>Send the bio; returns null, the caller's "no bio being built" from here.</summary>
    [Models("fs/mpage.c", "mpage_bio_submit", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Bio?> MpageBioSubmit(Bio bio, SubmitReason reason)
    {
        // guard_bio_eod trims a bio that runs past the end of the device; the model's device
        // has no end.
        log.Submitted(bio, reason);
        await kernel.Device.SubmitBio(bio);
        return null;
    }

    /// <summary>
    /// A bio for <paramref name="nrVecs"/> pages starting at <paramref name="firstSector"/>. When
    /// bio_alloc fails, a task allowed to dip into reserves (PF_MEMALLOC, taken to be the case
    /// here) retries with half as many until one is granted: that bio fills before
    /// BIO_MAX_PAGES, and bio_add_page then fails.
    /// </summary>
    [Models("fs/mpage.c", "mpage_alloc", "4.9")]
    private Bio MpageAlloc(Inode inode, long firstSector, int nrVecs, BioOp op, bool sync)
    {
        while (nrVecs > BioAllocLimit)
        {
            nrVecs /= 2;
        }

        // The sync flag is the pass's (WRITE_SYNC for WB_SYNC_ALL), set here rather than at
        // submission: every bio of a pass gets the same one.
        return new Bio(inode, MpageEndIo) { Op = op, Sync = sync, Sector = firstSector, MaxVecs = nrVecs };
    }

    /// <summary>Why bio_add_page refused a page: the bio reached BIO_MAX_PAGES, or it was allocated smaller.</summary>
    private SubmitReason BioAddPageFailure(Bio bio) =>
        bio.MaxVecs >= BioMaxPages ? SubmitReason.BioFull : SubmitReason.BioAddPageFailed;
}
