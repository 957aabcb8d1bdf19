using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.JournalReleasepage"/>: the journal files the ordered data its
/// -&gt;writepage writes with the running transaction, and -&gt;releasepage is jbd's
/// journal_try_to_free_buffers: a buffer whose write is over (neither dirty nor locked) is unfiled
/// at once; a buffer the journal still holds makes the page busy, false at once, with no wait; the
/// rest is try_to_free_buffers. Not modelled (docs/eras.md section 128): the commit in flight.
/// 3f31fddf553f ("jbd: fix race between free buffer and commit transaction", 2.6.27) let
/// journal_try_to_free_buffers, when try_to_free_buffers failed and the mask had __GFP_WAIT and
/// __GFP_FS, wait for the committing transaction (never for a running handle: a transaction
/// commits only once its t_updates is 0). The model's journal has no committing transaction, no
/// kjournald and no commit holding its data buffers, so that wait never arises here, and neither
/// does the hazard its __GFP_FS gate guards against: the committer itself (GFP_NOFS allocations
/// during the commit) waiting in its own reclaim for its own commit.
/// </summary>
public sealed partial class SimpleFs
{
    public bool HasReleasepage => Options.JournalReleasepage;

    /// <summary>
    /// File the locked page's buffers (one block a page, made if it has none) with the running
    /// transaction, from -&gt;writepage under the handle: the commit must write them before the
    /// metadata that points at them.
    /// </summary>
    [Models("fs/ext3/inode.c", "ext3_ordered_writepage (walk_page_buffers: journal_dirty_data_fn)", "2.6.20")]
    [Models("fs/jbd/transaction.c", "journal_dirty_data", "2.6.20")]
    private void JournalDirtyData(Page page)
    {
        var buffers = page.Buffers ?? BufferHeads.CreateEmptyBuffers(page, Page.PageSize, BufferState.Uptodate | BufferState.Mapped);
        foreach (var bh in buffers)
        {
            bh.State |= BufferState.Jbd;
        }
    }

    /// <summary>
    /// -&gt;releasepage: for each of the page's buffers, unfile it if its write is over, and give
    /// up (false, no wait) at the first the journal still holds; then try_to_free_buffers.
    /// <paramref name="gfpMask"/> gates only the wait for a committing transaction, which the
    /// model does not have (see the class's summary), so no mask changes the answer here.
    /// </summary>
    [Models("fs/ext3/inode.c", "ext3_releasepage", "2.6.27")]
    [Models("fs/jbd/transaction.c", "journal_try_to_free_buffers (buffer_jbd: goto busy)", "2.6.27")]
    public ValueTask<bool> Releasepage(Page page, Gfp gfpMask)
    {
        foreach (var bh in page.Buffers ?? [])
        {
            JournalTryToFreeBuffer(bh);
            if (bh.Has(BufferState.Jbd))
            {
                return ValueTask.FromResult(false);
            }
        }

        return ValueTask.FromResult(Filemap.TryToFreeBuffers(page));
    }

    /// <summary>
    /// Unfile a filed buffer whose write is over (not locked, not dirty): the transaction's
    /// ordered data is on the disk, nothing left for the commit to write.
    /// </summary>
    [Models("fs/jbd/transaction.c", "__journal_try_to_free_buffer (BJ_SyncData/BJ_Locked, !buffer_locked && !buffer_dirty: __journal_unfile_buffer)", "2.6.27")]
    private void JournalTryToFreeBuffer(BufferHead bh)
    {
        if (!bh.Has(BufferState.Jbd) || bh.Has(BufferState.Locked) || bh.Has(BufferState.Dirty))
        {
            return;
        }

        bh.State &= ~BufferState.Jbd;
    }
}
