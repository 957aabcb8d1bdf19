using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.JournalReleasepage"/>: the journal keeps the ordered data its
/// -&gt;writepage wrote, and -&gt;releasepage is jbd's journal_try_to_free_buffers with the wait
/// 3f31fddf553f ("jbd: fix race between free buffer and commit transaction", 2.6.27; jbd2's
/// 530576bbf379) gave it: when the buffers cannot be freed and the mask has __GFP_WAIT and
/// __GFP_FS, wait for the commit that lets them go, then try again. A commit waits for every
/// running handle (T_LOCKED until t_updates is 0), so a task that holds a handle must never wait
/// for one: it allocates with GFP_NOFS (or inside the handle's GFP_NOFS scope from 4.12), and
/// the mask keeps its reclaim's -&gt;releasepage from waiting. The model's journal commits only
/// when a -&gt;releasepage forces it, and its buffers stay filed until then; in the kernel a
/// written-back buffer was unfiled at once unless a commit held it, so the kernel waited in a
/// narrower window than the model does [I]. The model's masks all carry __GFP_WAIT.
/// </summary>
public sealed partial class SimpleFs
{
    /// <summary>The buffers of ordered data filed with the running transaction (its t_sync_datalist).</summary>
    private readonly List<BufferHead> filedData = [];

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
            if (!bh.Has(BufferState.Jbd))
            {
                bh.State |= BufferState.Jbd;
                filedData.Add(bh);
            }
        }
    }

    /// <summary>
    /// -&gt;releasepage: free the page's buffers if the journal no longer holds them; if it does,
    /// and <paramref name="gfpMask"/> allows (__GFP_FS; the wait bit is in every model mask),
    /// force the commit, wait for it and try again. Waiting is entering the filesystem: reclaim
    /// is told (<see cref="Vmscan.EntersFilesystem"/>), so a context check sees a reclaim without
    /// __GFP_FS that waits here, before the wait deadlocks on the task's own handle.
    /// </summary>
    [Models("fs/ext3/inode.c", "ext3_releasepage", "2.6.27")]
    [Models("fs/jbd/transaction.c", "journal_try_to_free_buffers (__GFP_WAIT && __GFP_FS: journal_wait_for_transaction_sync_data)", "2.6.27")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> Releasepage(Page page, Gfp gfpMask)
    {
        if (Filemap.TryToFreeBuffers(page))
        {
            return true;
        }

        if (!gfpMask.HasFlag(Gfp.Fs) && !kernel.Faults.ReleasepageIgnoresGfpFs)
        {
            return false;
        }

        kernel.Vmscan.EntersFilesystem(page.Mapping!.Host, $"{kernel.Names.Releasepage} (waiting for the journal's commit)");
        await JournalCommit();
        return Filemap.TryToFreeBuffers(page);
    }

    /// <summary>
    /// Force the commit and wait for it: it waits until no handle is running (the model's one
    /// handle released; a task holding it waits for itself), then, its ordered data written,
    /// lets the filed buffers go.
    /// </summary>
    [Models("fs/jbd/journal.c", "log_start_commit, log_wait_commit", "2.6.27")]
    [Models("fs/jbd/commit.c", "journal_commit_transaction (t_updates == 0; the sync data list unfiled)", "2.6.27")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask JournalCommit()
    {
        var label = new StepLabel("log_wait_commit");
        while (Journal.Holder is not null)
        {
            await kernel.Runtime.Sleep(Journal, label);
        }

        foreach (var bh in filedData)
        {
            bh.State &= ~BufferState.Jbd;
        }

        filedData.Clear();
    }
}
