using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// A minimal block filesystem: a page maps to its own block, so writing it is one bio. Its
/// -&gt;writepage follows block_write_full_page; its optional -&gt;writepages follows the
/// iomap/XFS shape that holds a pass's pages in one I/O submitted at the end of the pass.
/// </summary>
public sealed partial class SimpleFs(Kernel kernel, SimpleFsOptions options) : IWritebackFilesystem
{
    private Action<Bio, int>? endIo;

    public Kernel Kernel => kernel;

    /// <summary>The filesystem's behaviour; one that needs what the era's kernel lacked is refused (<see cref="EraSettings"/>).</summary>
    public SimpleFsOptions Options { get; } = WithWritepages(EraSettings.Check(options, kernel.Era));

    public bool HasWritepages => Options.AggregateWritepages || Options.PartialPages.Count > 0;

    public bool HasWritepage => !Options.NoWritepage;

    /// <summary>
    /// A filesystem without -&gt;writepage must have -&gt;writepages: do_writepages would
    /// otherwise write nothing ("deal with chardevs and other special files"), a filesystem the
    /// model does not have.
    /// </summary>
    private static SimpleFsOptions WithWritepages(SimpleFsOptions options) =>
        !options.NoWritepage || options.AggregateWritepages || options.PartialPages.Count > 0
            ? options
            : throw new ArgumentException("SimpleFsOptions.NoWritepage needs AggregateWritepages or PartialPages (a ->writepages)", nameof(options));

    /// <summary>
    /// -&gt;writepage, where the filesystem has one (<see cref="SimpleFsOptions.NoWritepage"/>:
    /// a_ops-&gt;writepage NULL, which a caller that tests it never calls, and one that does not
    /// would oops on).
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        if (Options.NoWritepage)
        {
            throw new KernelBugException("a_ops->writepage", $"called on {page}, whose filesystem has no ->writepage (a NULL function pointer)");
        }

        if (!Options.JournalledWriteBegin && !Options.JournalledWritepage && !Options.JournalReleasepage)
        {
            return await BlockWriteFullPage(page, wbc);
        }

        // A handle around the write (ext3_ordered_writepage, ext4's journalled writepage): from
        // an allocation's direct reclaim under the writer's own handle, it waits for itself.
        await JournalStart();
        if (Options.JournalReleasepage)
        {
            JournalDirtyData(page);
        }

        var result = await BlockWriteFullPage(page, wbc);
        JournalStop();
        return result;
    }

    /// <summary>The filesystem's write of one locked page: -&gt;writepage's, and its -&gt;writepages' per page.</summary>
    [Models("fs/buffer.c", "block_write_full_folio", "6.9")]
    [Models("fs/buffer.c", "block_write_full_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BlockWriteFullPage(Page page, WritebackControl wbc)
    {
        var (bio, result) = await PrepareWrite(page, wbc);
        if (bio is null)
        {
            return result;
        }

        kernel.Filemap.FolioUnlock(page);
        if (Options.ClusterPages > 1)
        {
            await WriteCluster(bio, page, wbc);
        }

        await kernel.Device.SubmitBio(bio);
        return 0;
    }

    [Models("fs/iomap/buffered-io.c", "iomap_writepages", "6.9")]
    [Models("fs/xfs/xfs_aops.c", "xfs_vm_writepages", "4.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc)
    {
        if (Options.KeepPagesLockedInBio)
        {
            return await WritepagesKeepingPagesLocked(mapping, wbc);
        }

        if (!Options.AggregateWritepages)
        {
            return await WritepagesFinishingPartialPages(mapping, wbc);
        }

        Bio? ioend = null;
        var result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))] async ValueTask<int> (page, pageWbc) =>
        {
            if (ioend is not null && Options.MapBlocksChargesMetadata && await MapBlocks(page, pageWbc) is var mapped && mapped < 0)
            {
                return mapped;
            }

            var (bio, pageResult) = await PrepareWrite(page, pageWbc, ioend);
            if (bio is null)
            {
                return pageResult;
            }

            ioend = bio;
            kernel.Filemap.FolioUnlock(page);
            return 0;
        });

        // The pages of the pass have been under writeback all along; only now does their I/O start.
        if (ioend is not null)
        {
            await kernel.Device.SubmitBio(ioend);
        }

        return result;
    }

    /// <summary>
    /// -&gt;writepages that holds the pages of its bio locked until it sends the bio: only then are
    /// they put under writeback and unlocked. The bio goes when it has BIO_MAX_PAGES pages or the
    /// pass ends.
    /// </summary>
    [Models("mm/page-writeback.c", "generic_writeback_mapping (mpage_bio_writepage and mpage_bio_flush, as its comment describes them)", "2.5.12")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> WritepagesKeepingPagesLocked(AddressSpace mapping, WritebackControl wbc)
    {
        var held = new List<(Page Page, long ISize)>();
        var result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))] async ValueTask<int> (page, pageWbc) =>
        {
            // Cannot fire in the model: write_cache_pages calls this only with a page it locked, and
            // folio_clear_dirty_for_io has just checked the lock.
            Bug.On(!page.Locked, "mpage_bio_writepage", $"{page} is not locked");
            var iSize = page.Mapping!.Host.Size;
            if (page.Index >= Page.PagesOf(iSize))
            {
                kernel.Filemap.FolioUnlock(page);
                return 0;
            }

            if (Options.FailingPages.Contains(page.Index))
            {
                await kernel.PageWriteback.FolioRedirtyForWritepage(pageWbc, page);
                kernel.Filemap.FolioUnlock(page);
                return Options.WritepageError(page.Index);
            }

            if (OutOfMemoryFor(page))
            {
                return await FailForMemory(page, pageWbc);
            }

            ZeroTailPastEof(page, iSize);

            held.Add((page, iSize));
            if (held.Count == kernel.Config.BioMaxPages)
            {
                await SendHeld(held, pageWbc);
            }

            return 0;
        });

        await SendHeld(held, wbc);
        return result;
    }

    /// <summary>Put the held pages under writeback, submit their bio, and only then unlock them.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask SendHeld(List<(Page Page, long ISize)> held, WritebackControl wbc)
    {
        if (held.Count == 0)
        {
            return;
        }

        var bio = new Bio(held[0].Page.Mapping!.Host, EndIoCallback) { Sync = wbc.SyncMode == WritebackSyncMode.All };
        foreach (var (page, iSize) in held)
        {
            NotifyWriteStarting(page, wbc, iSize);
            await kernel.PageWriteback.FolioStartWriteback(page);
            bio.AddPage(page);
        }

        await kernel.Device.SubmitBio(bio);
        foreach (var (page, _) in held)
        {
            kernel.Filemap.FolioUnlock(page);
        }

        held.Clear();
    }

    /// <summary>
    /// Writes and waits for the range, then reports errors not yet reported to this file. In the
    /// list era sys_fsync did this holding i_sem ("We need to protect against concurrent writers").
    /// </summary>
    [Models("fs/libfs.c", "generic_file_fsync", "6.9")]
    [Models("fs/buffer.c", "sys_fsync", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> Fsync(OpenFile file, long start, long end)
    {
        if (!kernel.Era.FsyncHoldsISem())
        {
            return await kernel.Filemap.FileWriteAndWaitRange(file, start, end);
        }

        await kernel.Vfs.InodeLock(file.Inode);
        var result = await kernel.Filemap.FileWriteAndWaitRange(file, start, end);
        kernel.Vfs.InodeUnlock(file.Inode);
        return result;
    }

    /// <summary>
    /// bi_end_io: record an error on the mapping, then end the writeback of every page. Runs in
    /// interrupt context.
    /// </summary>
    [Models("fs/mpage.c", "mpage_write_end_io", "6.9")]
    [Models("fs/buffer.c", "end_buffer_async_write", "2.6.20")]
    private void EndIo(Bio bio, int status) => WritebackHelpers.EndBioWrite(kernel, bio, status);

    /// <summary><see cref="EndIo"/> as the bi_end_io of every bio this filesystem makes: one delegate, not one a bio.</summary>
    private Action<Bio, int> EndIoCallback => endIo ??= EndIo;

    /// <summary>
    /// The part every write of a page shares: decide whether to write it and, if so, start its
    /// writeback and put it in a bio (<paramref name="ioend"/> when one is being gathered).
    /// Returns the bio, or no bio and the result to return with the page already dealt with.
    /// </summary>
    [Models("fs/buffer.c", "block_write_full_page (the page straddles i_size: zeroed on every writepage)", "2.6.20")]
    [Models("fs/iomap/buffered-io.c", "iomap_writepage_handle_eof", "6.9")]
    [Models("fs/buffer.c", "submit_bh_wbc (wbc_account_io)", "4.19")]
    [Models("fs/iomap/buffered-io.c", "iomap_add_to_ioend (wbc_account_cgroup_owner)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<(Bio? Bio, int Result)> PrepareWrite(Page page, WritebackControl wbc, Bio? ioend = null)
    {
        Bug.On(!page.Locked, "block_write_full_folio", $"{page} is not locked");
        var inode = page.Mapping!.Host;

        // i_size is read once, with the page locked and already cleaned for I/O
        // (write_cache_pages' clear_page_dirty_for_io came first), as block_write_full_page
        // and iomap_writepage_handle_eof read it. Wholly past EOF: truncate is under way and
        // will remove the page; nothing to write.
        var iSize = inode.Size;
        var endIndex = iSize >> WritebackControl.PageShift;
        var offset = (int)(iSize & (Page.PageSize - 1));
        if (page.Index > endIndex || (page.Index == endIndex && offset == 0))
        {
            kernel.Filemap.FolioUnlock(page);
            return (null, 0);
        }

        ZeroTailPastEof(page, iSize);

        // A slow disk: the page's write takes time whatever becomes of it.
        kernel.Timers.Advance(Options.WritepageTicks);

        if (Options.ActivateForReclaim && wbc.ForReclaim)
        {
            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            return (null, Errno.AOP_WRITEPAGE_ACTIVATE);
        }

        // Declining is for memory cleaning only: data-integrity writeback must write the page.
        if (Options.DeclineBackgroundWriteback && wbc.SyncMode == WritebackSyncMode.None)
        {
            if (kernel.Faults.DeclineForgetsRedirty && wbc.ForReclaim)
            {
                kernel.Filemap.FolioUnlock(page);
                return (null, 0);
            }

            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            return (null, Errno.AOP_WRITEPAGE_ACTIVATE);
        }

        if (Options.FailingPages.Contains(page.Index))
        {
            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            kernel.Filemap.FolioUnlock(page);
            return (null, Options.WritepageError(page.Index));
        }

        if (OutOfMemoryFor(page))
        {
            return (null, await FailForMemory(page, wbc));
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        if (Options.PartialPages.Contains(page.Index) && partiallyWritten.Add(page.Index))
        {
            await WritePart(page, wbc, iSize);
            return (null, 0);
        }

        NotifyWriteStarting(page, wbc, iSize);
        await kernel.PageWriteback.FolioStartWriteback(page);
        if (kernel.Faults.WritepageEndsWritebackWithoutIo)
        {
            kernel.Filemap.FolioUnlock(page);
            kernel.Filemap.FolioEndWriteback(page);
            return (null, 0);
        }

        var bio = ioend ?? new Bio(inode, EndIoCallback) { Sync = wbc.SyncMode == WritebackSyncMode.All };

        // submit_bh_wbc's wbc_account_io (iomap_add_to_ioend's wbc_account_cgroup_owner in 6.9).
        FsWriteback.WbcAccountCgroupOwner(wbc, page, Page.PageSize);
        bio.AddPage(page);
        if (ioend is not null)
        {
            page.WritebackQueue.HolderNote = "an I/O its writer has not submitted yet";
        }

        return (bio, 0);
    }

    /// <summary>
    /// The page straddles i_size: zero its tail on every write, not once, since a store through
    /// a mapping may have put bytes there since the last (block_write_full_page's zero_user_segment).
    /// </summary>
    private void ZeroTailPastEof(Page page, long iSize)
    {
        if (page.Index == iSize >> WritebackControl.PageShift && !kernel.Faults.SimpleFsSkipsZeroingPastEof)
        {
            Highmem.ZeroUserSegment(page, (int)(iSize & (Page.PageSize - 1)), Page.PageSize);
        }
    }

    /// <summary>Tell the monitors the filesystem starts writing <paramref name="page"/> for <paramref name="wbc"/>, having read i_size as <paramref name="iSize"/>.</summary>
    private void NotifyWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.PageWriteStarting(page, wbc, iSize);
        }
    }
}
