using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// write(2) of one whole page: the inode lock held across the copy and the throttle, in every era
    /// (generic_file_write_iter's inode_lock, generic_file_aio_write's i_mutex, generic_file_write's
    /// i_sem). Truncate holds it too, so a write never grows i_size again while truncate is cutting
    /// the file down, which would leave a returned write inside i_size with its page truncated
    /// away. Returns the version the write gave the page, or the error of
    /// <see cref="GenericPerformWrite"/>. The task's current-&gt;backing_dev_info is the disk's
    /// for the copy and the throttle (<see cref="CurrentBackingDevInfo"/>).
    /// </summary>
    [Models("mm/filemap.c", "generic_file_write_iter", "6.9")]
    [Models("mm/filemap.c", "generic_file_aio_write", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<long> GenericFileWriteIter(OpenFile file, long index)
    {
        if (kernel.Faults.WriteSkipsInodeLock)
        {
            return await GenericPerformWrite(file, index);
        }

        await kernel.Vfs.InodeLock(file.Inode);
        // "We can write back this queue in page reclaim": the writer's own allocation may write
        // this disk's pages even while its queue is congested (Vmscan.MayWriteToQueue).
        SetCurrentBackingDevInfo(kernel.BackingDev);
        var version = await GenericPerformWrite(file, index);
        if (version < 0)
        {
            // Nothing written: no page to throttle for (the throttle follows each page copied).
            SetCurrentBackingDevInfo(null);
            kernel.Vfs.InodeUnlock(file.Inode);
            return version;
        }

        // generic_perform_write (generic_file_buffered_write before 2.6.24) throttles the writer
        // after each page, still under the inode lock.
        await kernel.Throttle.BalanceDirtyPagesRatelimited(file.Mapping);
        SetCurrentBackingDevInfo(null);
        kernel.Vfs.InodeUnlock(file.Inode);
        return version;
    }

    /// <summary>
    /// A buffered write of one whole page, its caller holding the inode lock: write_begin (find or
    /// create the page, locked), copy the data in (a new version), write_end (grow i_size while
    /// the page is still locked, so writeback cannot see the page past EOF, then mark it dirty and
    /// unlock), each through the filesystem's operations (<see cref="IAddressSpaceOperations.WriteBegin"/>,
    /// <see cref="IAddressSpaceOperations.WriteEnd"/>). Returns the version the write gave the page, or an error with nothing written:
    /// -ENOMEM when write_begin's allocation failed (the writer is an OOM victim whose reserves
    /// ran out), -EINTR when the writer has a fatal signal pending before the page (the OOM
    /// killer's SIGKILL; generic_perform_write checks it from the 4.13 era,
    /// <see cref="OomEras.PerformWriteChecksFatalSignal"/>). A write of several pages that stops
    /// so returns what it wrote before (a short write): the callers' loops stop at the error.
    /// </summary>
    [Models("mm/filemap.c", "generic_perform_write", "6.9")]
    [Models("mm/filemap.c", "generic_perform_write (fatal_signal_pending: -EINTR)", "4.19")]
    [Models("fs/libfs.c", "simple_write_end", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<long> GenericPerformWrite(OpenFile file, long index)
    {
        var mapping = file.Mapping;
        var inode = file.Inode;
        if (kernel.Era.PerformWriteChecksFatalSignal() && kernel.PageAlloc.FatalSignalPending)
        {
            return Errno.EINTR;
        }

        if (await mapping.Operations.WriteBegin(this, mapping, index) is not { } page)
        {
            return Errno.ENOMEM;
        }

        var version = page.Version = ++inode.VersionClock;
        page.ZeroFrom = Page.PageSize;
        page.Uptodate = true;
        // The write covers the whole page, so i_size reaches at least its end, also when the
        // file ended inside it (a truncate to the middle of the page).
        var end = (index + 1) << WritebackControl.PageShift;
        if (end > inode.Size)
        {
            inode.Size = end;
        }

        // simple_write_end's folio_mark_dirty: through the filesystem's dirty_folio.
        await kernel.PageWriteback.FolioMarkDirty(page);
        FolioUnlock(page);
        mapping.Operations.WriteEnd(mapping);
        kernel.Vmscan.MarkPageAccessedByWrite(page);
        page.CommittedVersion = Math.Max(page.CommittedVersion, version);
        return version;
    }
}
