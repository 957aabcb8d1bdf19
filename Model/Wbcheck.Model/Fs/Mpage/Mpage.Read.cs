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
    /// -&gt;readpages of an mpage filesystem: read the pages at <paramref name="indices"/>
    /// (ascending) into the page cache, building bios as large as the disk layout allows. An
    /// index already cached is skipped. Mappings are looked up page by page while the bio grows,
    /// so a get_block that must read an indirect block submits that read ahead of the bio,
    /// unless a boundary block sent the bio first.
    /// </summary>
    [Models("fs/mpage.c", "mpage_readpages", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> MpageReadpages(AddressSpace mapping, IReadOnlyList<long> indices, GetBlockCallback getBlock)
    {
        var state = new MpageReadState();
        for (var i = 0; i < indices.Count; i++)
        {
            if (await kernel.Filemap.AddToPageCacheLru(mapping, indices[i]) is { } page)
            {
                await DoMpageReadpage(state, page, indices.Count - i, getBlock);
            }
        }

        if (state.Bio is { } bio)
        {
            await MpageBioSubmit(bio, SubmitReason.EndOfPass);
        }

        return 0;
    }

    /// <summary>
    /// -&gt;readpage of an mpage filesystem: read one locked page that is cached but not
    /// uptodate, in a bio of its own.
    /// </summary>
    [Models("fs/mpage.c", "mpage_readpage", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> MpageReadpage(Page page, GetBlockCallback getBlock)
    {
        var state = new MpageReadState();
        await DoMpageReadpage(state, page, 1, getBlock);
        if (state.Bio is { } bio)
        {
            await MpageBioSubmit(bio, SubmitReason.EndOfPass);
        }

        return 0;
    }

    /// <summary>
    /// Map the blocks of one locked page, reusing the run the last get_block returned when it
    /// reaches this far, and add the page to the bio if its blocks are contiguous with it. A
    /// hole at the end of the page (EOF) is zeroed and ends the bio; anything else unusual
    /// (buffers, a hole before a mapped block, blocks not contiguous) is confused and goes to
    /// block_read_full_page. <paramref name="nrPages"/> counts this page and those after it,
    /// so get_block is asked to map as far as the whole read goes.
    /// </summary>
    [Models("fs/mpage.c", "do_mpage_readpage", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask DoMpageReadpage(MpageReadState state, Page page, int nrPages, GetBlockCallback getBlock)
    {
        var inode = page.Mapping!.Host;
        var blkbits = inode.BlockBits;
        var blocksPerPage = Page.PageSize >> blkbits;
        var blockSize = 1 << blkbits;
        var blocks = new long[blocksPerPage];
        var firstHole = blocksPerPage;
        var mapBh = state.MapBh;

        if (page.Buffers is not null)
        {
            await ReadConfused(state, page, getBlock, ConfusedReason.HasBuffers);
            return;
        }

        var blockInFile = page.Index << (WritebackControl.PageShift - blkbits);
        var lastBlock = Math.Min(blockInFile + ((long)nrPages * blocksPerPage), (inode.Size + blockSize - 1) >> blkbits);
        var pageBlock = 0;

        // First the run the previous get_block mapped, if it reaches into this page.
        var nblocks = mapBh.Size >> blkbits;
        if (mapBh.Mapped && blockInFile > state.FirstLogicalBlock && blockInFile < state.FirstLogicalBlock + nblocks)
        {
            var mapOffset = blockInFile - state.FirstLogicalBlock;
            var left = nblocks - mapOffset;
            for (var relative = 0L; ; relative++)
            {
                if (relative == left)
                {
                    mapBh.Clear(BufferState.Mapped);
                    break;
                }

                if (pageBlock == blocksPerPage)
                {
                    break;
                }

                blocks[pageBlock++] = mapBh.BlockNr + mapOffset + relative;
                blockInFile++;
            }
        }

        // Then more get_block calls until the page is mapped.
        mapBh.Page = page;
        while (pageBlock < blocksPerPage)
        {
            mapBh.State = BufferState.None;
            mapBh.Size = 0;
            if (blockInFile < lastBlock)
            {
                mapBh.Size = (int)Math.Min((lastBlock - blockInFile) << blkbits, int.MaxValue);
                if (await getBlock(inode, blockInFile, mapBh, create: false) != 0)
                {
                    await ReadConfused(state, page, getBlock, ConfusedReason.GetBlockFailed);
                    return;
                }

                state.FirstLogicalBlock = blockInFile;
            }

            if (!mapBh.Mapped)
            {
                if (firstHole == blocksPerPage)
                {
                    firstHole = pageBlock;
                }

                pageBlock++;
                blockInFile++;
                continue;
            }

            // A get_block that copies the data in itself (map_buffer_to_page) is not modelled.
            if (mapBh.Uptodate)
            {
                throw new UnmodelledPathException("do_mpage_readpage", "get_block returned an uptodate buffer (map_buffer_to_page)");
            }

            if (firstHole != blocksPerPage)
            {
                await ReadConfused(state, page, getBlock, ConfusedReason.HoleThenMapped);
                return;
            }

            if (pageBlock > 0 && blocks[pageBlock - 1] != mapBh.BlockNr - 1)
            {
                await ReadConfused(state, page, getBlock, ConfusedReason.Discontiguous);
                return;
            }

            nblocks = mapBh.Size >> blkbits;
            for (var relative = 0L; ; relative++)
            {
                if (relative == nblocks)
                {
                    mapBh.Clear(BufferState.Mapped);
                    break;
                }

                if (pageBlock == blocksPerPage)
                {
                    break;
                }

                blocks[pageBlock++] = mapBh.BlockNr + relative;
                blockInFile++;
            }
        }

        if (firstHole != blocksPerPage)
        {
            Highmem.ZeroUserSegment(page, firstHole << blkbits, Page.PageSize);
            if (firstHole == 0)
            {
                // Nothing but hole: the page is all zeroes, with no I/O.
                log.Hole(page.Index);
                page.Uptodate = true;
                kernel.Filemap.FolioUnlock(page);
                return;
            }
        }

        // (cleancache, which could supply a one-block page without I/O, is not modelled.)
        var bio = state.Bio;
        if (bio is not null && state.LastBlockInBio != blocks[0] - 1)
        {
            bio = await MpageBioSubmit(bio, SubmitReason.Discontiguous);
        }

        var length = firstHole << blkbits;
        while (true)
        {
            // bdev_read_page: no ->rw_page on the model's device, so always a bio. A read bio
            // is sized for the pages still to come, up to BIO_MAX_PAGES.
            bio ??= MpageAlloc(inode, blocks[0] << (blkbits - 9), Math.Min(nrPages, BioMaxPages), BioOp.Read, sync: false);
            if (bio.BioAddPage(page, length, 0) == length)
            {
                break;
            }

            bio = await MpageBioSubmit(bio, BioAddPageFailure(bio));
        }

        // The page used up a run ending on a boundary block: send the bio before the indirect
        // block read that mapping the next block needs. A hole ends it too.
        var runUsed = blockInFile - state.FirstLogicalBlock;
        var boundaryReached = mapBh.Boundary && runUsed == mapBh.Size >> blkbits;
        if (boundaryReached || firstHole != blocksPerPage)
        {
            bio = await MpageBioSubmit(bio, boundaryReached ? SubmitReason.Boundary : SubmitReason.PartialPage);
        }
        else
        {
            state.LastBlockInBio = blocks[blocksPerPage - 1];
        }

        state.Bio = bio;
    }

    /// <summary>The "confused" exit of do_mpage_readpage: send what is gathered, then read the page buffer by buffer.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ReadConfused(MpageReadState state, Page page, GetBlockCallback getBlock, ConfusedReason reason)
    {
        if (state.Bio is { } bio)
        {
            state.Bio = await MpageBioSubmit(bio, SubmitReason.Confused);
        }

        log.GaveUp(page.Index, BioOp.Read, reason);
        if (!page.Uptodate)
        {
            await buffers.BlockReadFullPage(page, getBlock);
        }
        else
        {
            kernel.Filemap.FolioUnlock(page);
        }
    }
}
