using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>Start writeback of a byte range with the given sync mode, and return the first error.</summary>
    [Models("mm/filemap.c", "__filemap_fdatawrite_range", "6.9")]
    [Models("mm/filemap.c", "__filemap_fdatawrite_range", "2.6.20")]
    public ValueTask<int> FilemapFdatawriteRange(AddressSpace mapping, long start, long end, WritebackSyncMode syncMode)
    {
        var wbc = new WritebackControl
        {
            SyncMode = syncMode,

            // Until 2.6.29 a sync asked for twice the pages cached when it started, and the walk
            // stopped there even for data integrity.
            NrToWrite = kernel.Era.SyncHonoursNrToWrite() ? mapping.NrPages * 2L : WritebackControl.LongMax,
            RangeStart = start,
            RangeEnd = end,
        };
        return FilemapFdatawriteWbc(mapping, wbc);
    }

    /// <summary>
    /// do_writepages for a range, attached to the inode for cgroup writeback's owner vote
    /// (wbc_attach_fdatawrite_inode, 4.2). From c3aab9a0bd91 (5.4, the 6.9 era) a mapping with no
    /// page tagged DIRTY returns 0 before the attach and before do_writepages; before it every call
    /// attached, wrote and detached, so a round that found nothing to write still voted (the
    /// inode's own wb the winner, its average time decayed), and an inode never dirtied was
    /// attached to the calling task's memcg's wb (wbc_attach_fdatawrite_inode's inode_attach_wb).
    /// </summary>
    [Models("mm/filemap.c", "filemap_fdatawrite_wbc", "6.9")]
    [Models("mm/filemap.c", "__filemap_fdatawrite_range (wbc_attach_fdatawrite_inode, wbc_detach_inode)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FilemapFdatawriteWbc(AddressSpace mapping, WritebackControl wbc)
    {
        // mapping_tagged(mapping, PAGECACHE_TAG_DIRTY): the whole mapping, whatever the range.
        if (kernel.Era.FdatawriteSkipsCleanMapping() && !mapping.MappingTagged(XaMark.Dirty))
        {
            return 0;
        }

        kernel.FsWriteback.WbcAttachFdatawriteInode(wbc, mapping.Host);
        var result = await kernel.PageWriteback.DoWritepages(mapping, wbc);
        kernel.FsWriteback.WbcDetachInode(wbc);
        return result;
    }

    /// <summary>
    /// Wait for every page of the range that is under writeback now. Before errseq (4.13) the
    /// wait also reported a page's PG_error as -EIO: from 3.0 clearing it (TestClearPageError),
    /// before leaving it set, so that the next wait over the page reported it again
    /// (<see cref="KernelEras.WaitClearsPageError"/>). From 4.13 it clears it and reports nothing.
    /// </summary>
    [Models("mm/filemap.c", "__filemap_fdatawait_range", "6.9")]
    [Models("mm/filemap.c", "filemap_fdatawait_range", "3.0")]
    [Models("mm/filemap.c", "filemap_fdatawait_range", "2.6.36")]
    [Models("mm/filemap.c", "wait_on_page_writeback_range", "2.6.24")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FilemapFdatawaitRange(AddressSpace mapping, long start, long end)
    {
        // The list era waits for whatever is on locked_pages, whatever the range.
        if (kernel.Era.HasPageLists())
        {
            return await FilemapFdatawaitLists(mapping);
        }

        var result = 0;
        var index = start >> WritebackControl.PageShift;
        var last = end >> WritebackControl.PageShift;
        var batch = new FolioBatch(kernel.Config.BatchSize);
        while (index <= last)
        {
            await CondResched(new StepLabel(kernel.Names.PagevecLookupTag, index));
            // Before 4.15 a count from the cursor, which then stood just past the last page
            // found: the wait looked again, and waited on pages that went under writeback ahead
            // of it meanwhile, until a lookup found none (KernelEras.TagLookupEndsAtRangeEnd).
            index = kernel.Era.TagLookupEndsAtRangeEnd()
                ? FilemapGetFoliosTag(mapping, index, last, XaMark.Writeback, batch)
                : PagevecLookupTag(mapping, index, XaMark.Writeback, Math.Min(last - index, batch.Capacity - 1) + 1, batch);
            if (batch.Count == 0)
            {
                break;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var page = batch[i];

                // "until radix tree lookup accepts end_index": past the range, not waited on.
                if (page.Index > last)
                {
                    continue;
                }
                await FolioWaitWriteback(page);
                if (page.Error)
                {
                    if (kernel.Era.WaitClearsPageError())
                    {
                        page.Error = false;
                    }

                    if (!kernel.Era.HasErrseq())
                    {
                        result = Errno.EIO;
                    }
                }
            }

            FolioBatchRelease(batch);
        }

        return result;
    }

    /// <summary>
    /// The wait as every caller before errseq (4.13) had it: the pages' wait, which reports a
    /// page's PG_error itself, then filemap_check_errors' test-and-clear of the AS_ENOSPC/AS_EIO
    /// bits, which override the page's -EIO until 3.10 and are the fallback from then
    /// (<see cref="KernelEras.ErrorBitsOverridePageError"/>). Whoever waits first consumes the
    /// bits: fsync, and sync(2)'s integrity pass until global sync kept them
    /// (<see cref="KernelEras.GlobalSyncKeepsErrors"/>).
    /// </summary>
    [Models("mm/filemap.c", "filemap_fdatawait_range (filemap_check_errors)", "3.10")]
    [Models("mm/filemap.c", "wait_on_page_writeback_range (Check for outstanding write errors)", "2.6.24")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FilemapFdatawaitRangeCheckErrors(AddressSpace mapping, long start, long end)
    {
        var waited = await FilemapFdatawaitRange(mapping, start, end);
        var legacy = FilemapCheckErrors(mapping);
        return legacy != 0 && (waited == 0 || kernel.Era.ErrorBitsOverridePageError()) ? legacy : waited;
    }

    /// <summary>
    /// Write and wait for a byte range, for data integrity, and report errors through the legacy
    /// AS_* bits: the form that kernel-internal callers use (and fsync, from 2.6.32 to 4.12). A
    /// write that returned -EIO is not waited on ("the -EIO is special case, it may indicate the
    /// worst thing (e.g. bug) happened"). Until 4.13 the AS_* bits were read and cleared only by
    /// the wait, so after that -EIO they stayed set and the next caller was told again; Jeff
    /// Layton's "mm: clear AS_EIO/AS_ENOSPC when writeback initiation fails" (the errseq series,
    /// 4.13) clears them on that path too.
    /// </summary>
    [Models("mm/filemap.c", "filemap_write_and_wait_range", "6.9")]
    [Models("mm/filemap.c", "filemap_write_and_wait_range", "3.10")]
    [Models("mm/filemap.c", "filemap_write_and_wait_range", "2.6.24")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FilemapWriteAndWaitRange(AddressSpace mapping, long start, long end)
    {
        if (end < start)
        {
            return 0;
        }

        // Before 3.10 nothing, not even the error bits, was looked at without pages.
        if (mapping.NrPages == 0 && !kernel.Era.WriteAndWaitChecksErrorsWithoutPages())
        {
            return 0;
        }

        NotifySyncStarted(mapping, start, end);
        var error = await FilemapFdatawriteRange(mapping, start, end, WritebackSyncMode.All);
        if (error == Errno.EIO && !kernel.Era.HasPageLists())
        {
            if (kernel.Era.HasErrseq())
            {
                FilemapCheckErrors(mapping); // "Clear any previously stored errors"
            }

            NotifySyncEnded(mapping, start, end, error);
            return error;
        }

        var waited = await FilemapFdatawaitRangeCheckErrors(mapping, start, end);
        error = error != 0 ? error : waited;
        NotifySyncEnded(mapping, start, end, error);
        return error;
    }

    /// <summary>
    /// What fsync does with the page cache: write and wait for a byte range, then report an error
    /// recorded since this file description last looked (errseq), once. Before 4.13 fsync reported
    /// through the AS_* bits: whoever looked first consumed the error; from 2.6.32 to 4.12 it was
    /// filemap_write_and_wait_range, before that <see cref="FdatawriteThenFdatawait"/>.
    /// </summary>
    [Models("mm/filemap.c", "file_write_and_wait_range", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FileWriteAndWaitRange(OpenFile file, long start, long end)
    {
        var mapping = file.Mapping;
        if (!kernel.Era.HasErrseq())
        {
            return kernel.Era.FsyncIsFilemapWriteAndWaitRange()
                ? await FilemapWriteAndWaitRange(mapping, start, end)
                : await FdatawriteThenFdatawait(mapping, start, end);
        }

        if (end < start)
        {
            return 0;
        }

        NotifySyncStarted(mapping, start, end);
        var error = await FilemapFdatawriteRange(mapping, start, end, WritebackSyncMode.All);

        // Another error (-ENOSPC) may still have left part of the range under I/O, so wait for
        // it; -EIO is taken to mean the worst happened, and is not waited out.
        if (error != Errno.EIO)
        {
            await FilemapFdatawaitRange(mapping, start, end);
        }

        var reported = FileCheckAndAdvanceWbErr(file);
        if (error == 0)
        {
            error = reported;
        }

        NotifySyncEnded(mapping, start, end, error);
        return error;
    }

    /// <summary>
    /// fsync before 2.6.32: filemap_fdatawrite of the whole file, the filesystem's -&gt;fsync, then
    /// filemap_fdatawait, whatever the write returned. filemap_fdatawait waits on the pages below i_size, and for an
    /// empty file returns 0 without looking at the AS_* bits; otherwise the wait reports PG_error
    /// and then test-and-clears the AS_* bits, which take precedence
    /// (wait_on_page_writeback_range). The list era's wait is its own (locked_pages).
    /// </summary>
    [Models("fs/sync.c", "vfs_fsync", "2.6.29")]
    [Models("fs/sync.c", "do_fsync", "2.6.20")]
    [Models("mm/filemap.c", "filemap_fdatawait", "2.6.24")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> FdatawriteThenFdatawait(AddressSpace mapping, long start, long end)
    {
        if (end < start)
        {
            return 0;
        }

        NotifySyncStarted(mapping, start, end);

        // fsync(2) had no range before 2.6.32: filemap_fdatawrite writes the whole file, whatever
        // part of it the model's caller asked for. The list era's has no range to give
        // (__filemap_fdatawrite: sync mode and nrpages*2, io_pages whole, read in a 2.6.0 tree).
        var error = await FilemapFdatawriteRange(mapping, 0L, WritebackControl.LLongMax, WritebackSyncMode.All);
        var iSize = mapping.Host.Size;
        if (iSize == 0 && !kernel.Era.HasPageLists())
        {
            NotifySyncEnded(mapping, start, end, error);
            return error;
        }

        var waitEnd = kernel.Era.HasPageLists() ? end : iSize - 1;
        var waited = await FilemapFdatawaitRangeCheckErrors(mapping, 0, waitEnd);
        if (error == 0)
        {
            error = waited;
        }

        NotifySyncEnded(mapping, start, end, error);
        return error;
    }

    private void NotifySyncStarted(AddressSpace mapping, long start, long end)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.IntegritySyncStarted(mapping, start >> WritebackControl.PageShift, end >> WritebackControl.PageShift);
        }
    }

    private void NotifySyncEnded(AddressSpace mapping, long start, long end, int error)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.IntegritySyncEnded(mapping, start >> WritebackControl.PageShift, end >> WritebackControl.PageShift, error);
        }
    }
}
