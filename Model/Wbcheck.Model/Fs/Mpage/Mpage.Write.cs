using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

public sealed partial class Mpage
{
    /// <summary>
    /// -&gt;writepages of an mpage filesystem: walk the dirty pages with the writeback iterator,
    /// building bios as large as the disk layout allows, and send the last one when the pass ends.
    /// </summary>
    [Models("fs/mpage.c", "mpage_writepages", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> MpageWritepages(AddressSpace mapping, WritebackControl wbc, GetBlockCallback? getBlock)
    {
        // blk_start_plug / blk_finish_plug hold bios back from the driver, not from submission:
        // the submission order, which is what is recorded, is the same without them.
        if (getBlock is null)
        {
            throw new UnmodelledPathException("mpage_writepages", "no get_block: generic_writepages");
        }

        var mpd = new MpageData(getBlock, useWritepage: true);
        var result = await kernel.PageWriteback.WriteCachePages(mapping, wbc, (page, pageWbc) => MpageWritepage(page, pageWbc, mpd));
        if (mpd.Bio is { } bio)
        {
            await MpageBioSubmit(bio, SubmitReason.EndOfPass);
        }

        return result;
    }

    /// <summary>
    /// Write one page of the pass, locked and cleaned for I/O. It joins the bio being built if
    /// its blocks are contiguous on the disk, in the page and with the bio's last block;
    /// otherwise it is confused and goes to -&gt;writepage. A page with buffers is written only if
    /// they are mapped and dirty throughout (end of file aside); a page without is mapped here.
    /// </summary>
    [Models("fs/mpage.c", "__mpage_writepage", "4.9")]
    [Models("fs/mpage.c", "__mpage_writepage (wbc_account_io)", "4.9")]
    [Models("fs/mpage.c", "__mpage_writepage (mpage_bio_submit(WRITE, bio): no WRITE_SYNC before 4.1)", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> MpageWritepage(Page page, WritebackControl wbc, MpageData mpd)
    {
        var mapping = page.Mapping!;
        var inode = mapping.Host;
        var blkbits = inode.BlockBits;
        var blocksPerPage = Page.PageSize >> blkbits;
        var blocks = new long[blocksPerPage];
        var firstUnmapped = blocksPerPage;
        var boundary = false;

        // 0 stands for "none", as in the kernel: block 0 is never a file's data block there.
        long boundaryBlock = 0;
        var iSize = inode.Size;
        // WRITE_SYNC for data integrity only from 4.1: before, an mpage fsync's bios were async
        // requests, congesting the queue as background writeback's did (MpageEras).
        var sync = wbc.SyncMode == WritebackSyncMode.All && kernel.Era.MpageWritesIntegritySync();
        int pageBlock;

        if (page.Buffers is { } pageBuffers)
        {
            pageBlock = 0;
            foreach (var bh in pageBuffers)
            {
                Bug.On(bh.Locked, "__mpage_writepage", $"{bh} of {page} is locked");
                if (!bh.Mapped)
                {
                    // Dirty and unmapped: dirtied through mmap, still to be allocated.
                    if (bh.Dirty)
                    {
                        return await Confused(page, wbc, mpd, ConfusedReason.UnmappedDirtyBuffer);
                    }

                    if (firstUnmapped == blocksPerPage)
                    {
                        firstUnmapped = pageBlock;
                    }

                    continue;
                }

                if (firstUnmapped != blocksPerPage)
                {
                    return await Confused(page, wbc, mpd, ConfusedReason.HoleThenMapped);
                }

                if (!bh.Dirty || !bh.Uptodate)
                {
                    return await Confused(page, wbc, mpd, ConfusedReason.BufferNotDirtyOrUptodate);
                }

                if (pageBlock > 0 && bh.BlockNr != blocks[pageBlock - 1] + 1)
                {
                    return await Confused(page, wbc, mpd, ConfusedReason.Discontiguous);
                }

                blocks[pageBlock++] = bh.BlockNr;
                boundary = bh.Boundary;
                if (boundary)
                {
                    boundaryBlock = bh.BlockNr;
                }
            }

            // Unmapped from the first buffer on: the page was read over a hole by
            // block_read_full_page, something mpage cannot write.
            if (firstUnmapped == 0)
            {
                return await Confused(page, wbc, mpd, ConfusedReason.AllBuffersUnmapped);
            }
        }
        else
        {
            Bug.On(!page.Uptodate, "__mpage_writepage", $"{page} has no buffers and is not uptodate");
            var blockInFile = page.Index << (WritebackControl.PageShift - blkbits);
            var lastBlock = (iSize - 1) >> blkbits;
            var mapBh = new BufferHead { Page = page };
            for (pageBlock = 0; pageBlock < blocksPerPage;)
            {
                mapBh.State = BufferState.None;
                mapBh.Size = 1 << blkbits;
                if (await mpd.GetBlock(inode, blockInFile, mapBh, create: true) != 0)
                {
                    return await Confused(page, wbc, mpd, ConfusedReason.GetBlockFailed);
                }

                if (mapBh.New)
                {
                    buffers.UnmapUnderlyingMetadata(mapBh.BlockNr);
                }

                if (mapBh.Boundary)
                {
                    boundaryBlock = mapBh.BlockNr;
                }

                if (pageBlock > 0 && mapBh.BlockNr != blocks[pageBlock - 1] + 1)
                {
                    return await Confused(page, wbc, mpd, ConfusedReason.Discontiguous);
                }

                blocks[pageBlock++] = mapBh.BlockNr;
                boundary = mapBh.Boundary;

                // Blocks past the one holding i_size are not mapped (nor allocated).
                if (blockInFile == lastBlock)
                {
                    break;
                }

                blockInFile++;
            }

            // Cannot fire in the model: the loop above maps block 0 of the page before it can
            // break, or goes to confused and returns.
            Bug.On(pageBlock == 0, "__mpage_writepage", $"{page} mapped no block");
            firstUnmapped = pageBlock;
        }

        var endIndex = iSize >> WritebackControl.PageShift;
        if (page.Index >= endIndex)
        {
            // The page straddles i_size: zero its tail on every write, not once, since it may be
            // mapped and a store through the mapping can put bytes there that must never reach
            // the file. A page wholly past i_size is truncate's to remove.
            var offset = (int)(iSize & (Page.PageSize - 1));
            if (page.Index > endIndex || offset == 0)
            {
                return await Confused(page, wbc, mpd, ConfusedReason.PastEof);
            }

            if (!kernel.Faults.MpageSkipsZeroingPastEof)
            {
                Highmem.ZeroUserSegment(page, offset, Page.PageSize);
            }
        }

        // The page goes into a bio: the one being built only if it continues on the disk.
        var bio = mpd.Bio;
        if (bio is not null && mpd.LastBlockInBio != blocks[0] - 1 && !kernel.Faults.MpageIgnoresDiscontiguity)
        {
            bio = await MpageBioSubmit(bio, SubmitReason.Discontiguous);
        }

        var length = firstUnmapped << blkbits;
        while (true)
        {
            // bdev_write_page would write a fully mapped page straight through the driver's
            // ->rw_page (brd, zram, pmem); the model's device has none, so there is always a bio.
            bio ??= MpageAlloc(inode, blocks[0] << (blkbits - 9), kernel.Faults.MpageIgnoresBioMaxPages ? int.MaxValue : BioMaxPages, BioOp.Write, sync);

            // Add the page before cleaning its buffers: were the add to fail for good, the
            // fallback would find them clean and write nothing. The page's owner is counted for
            // cgroup writeback's vote first (wbc_account_io, 4.2; wbc_account_cgroup_owner from 5.3).
            FsWriteback.WbcAccountCgroupOwner(wbc, page, Page.PageSize);
            if (bio.BioAddPage(page, length, 0) == length)
            {
                break;
            }

            bio = await MpageBioSubmit(bio, BioAddPageFailure(bio));
        }

        CleanBuffers(page, firstUnmapped);
        // Cannot fire in the model: write_cache_pages hands over only a locked page it has seen
        // not under writeback (it skipped or waited for one that was), and starting writeback
        // needs the page lock.
        Bug.On(page.Writeback, "__mpage_writepage", $"{page} is already under writeback");
        foreach (var observer in kernel.Observers)
        {
            observer.PageWriteStarting(page, wbc, iSize);
        }

        await kernel.PageWriteback.FolioStartWriteback(page);
        kernel.Filemap.FolioUnlock(page);

        // A boundary block ends the bio: the next block's mapping needs the indirect block read
        // first, so what is gathered goes now, and the dirty indirect block right after it.
        // A partial page ends it too: nothing may follow a hole in a bio.
        if (boundary || firstUnmapped != blocksPerPage)
        {
            bio = await MpageBioSubmit(bio, boundary ? SubmitReason.Boundary : SubmitReason.PartialPage);
            if (boundaryBlock != 0)
            {
                await buffers.WriteBoundaryBlock(boundaryBlock, 1 << blkbits);
            }
        }
        else
        {
            mpd.LastBlockInBio = blocks[blocksPerPage - 1];
        }

        mpd.Bio = bio;
        return 0;
    }

    /// <summary>
    /// The "confused" exit of __mpage_writepage: send what is gathered (the page cannot join
    /// it), then have -&gt;writepage write the page buffer by buffer.
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> Confused(Page page, WritebackControl wbc, MpageData mpd, ConfusedReason reason)
    {
        if (mpd.Bio is { } bio)
        {
            mpd.Bio = await MpageBioSubmit(bio, SubmitReason.Confused);
        }

        log.GaveUp(page.Index, BioOp.Write, reason);
        if (kernel.Faults.MpageConfusedDropsPage)
        {
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        if (!mpd.UseWritepage)
        {
            return Errno.EAGAIN;
        }

        var mapping = page.Mapping!;
        var result = await mapping.Operations.Writepage(page, wbc);
        Filemap.MappingSetError(mapping, result);
        return result;
    }

    /// <summary>
    /// The page is in a bio: clean the buffers that bio writes (those before the first
    /// unmapped one), so that they are not written again.
    /// </summary>
    [Models("fs/mpage.c", "clean_buffers", "4.9")]
    private static void CleanBuffers(Page page, int firstUnmapped)
    {
        if (page.Buffers is not { } pageBuffers)
        {
            return;
        }

        for (var i = 0; i < pageBuffers.Count && i < firstUnmapped; i++)
        {
            pageBuffers[i].Clear(BufferState.Dirty);
        }

        // try_to_free_buffers when buffer heads are over their limit is not modelled: the
        // limit is never reached with the model's few pages.
    }
}
