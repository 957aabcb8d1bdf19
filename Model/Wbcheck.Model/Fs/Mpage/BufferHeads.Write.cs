using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

public sealed partial class BufferHeads
{
    /// <summary>
    /// -&gt;writepage of buffer-head filesystems, and mpage's fallback for a confused page: write
    /// the page block by block, each dirty buffer in a bio of its own. The page arrives locked
    /// with its dirty bit cleared for I/O and leaves unlocked.
    /// </summary>
    [Models("fs/buffer.c", "block_write_full_page", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> BlockWriteFullPage(Page page, GetBlockCallback getBlock, WritebackControl wbc)
    {
        var inode = page.Mapping!.Host;
        var endIndex = inode.Size >> WritebackControl.PageShift;
        if (page.Index < endIndex)
        {
            return await BlockWriteFullPageBuffers(inode, page, getBlock, wbc);
        }

        // Wholly past i_size: a truncate is on its way to remove the page; there is nothing to
        // write, and its buffers are dropped so that the page can go (do_invalidatepage).
        var offset = (int)(inode.Size & (Page.PageSize - 1));
        if (page.Index >= endIndex + 1 || offset == 0)
        {
            page.Buffers = null;
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        // The page straddles i_size. Zero its tail on every write, not once: it may be mapped,
        // and a store through the mapping can put bytes there that must never reach the file.
        Highmem.ZeroUserSegment(page, offset, Page.PageSize);
        return await BlockWriteFullPageBuffers(inode, page, getBlock, wbc);
    }

    /// <summary>
    /// Map every dirty buffer below i_size (allocating as needed), clean the ones beyond it,
    /// then lock and send the dirty mapped ones. The page goes under writeback before any is
    /// sent and is unlocked after; the last buffer to complete ends its writeback.
    /// </summary>
    [Models("fs/buffer.c", "__block_write_full_page", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BlockWriteFullPageBuffers(Inode inode, Page page, GetBlockCallback getBlock, WritebackControl wbc)
    {
        // A page that had no buffers is dirty and uptodate in every block.
        var buffers = CreatePageBuffers(page, inode, BufferState.Dirty | BufferState.Uptodate);
        var blkbits = inode.BlockBits;
        var block = page.Index << (WritebackControl.PageShift - blkbits);
        var lastBlock = (inode.Size - 1) >> blkbits;
        var sync = wbc.SyncMode == WritebackSyncMode.All;

        foreach (var bh in buffers)
        {
            if (block > lastBlock)
            {
                // Past i_size (block_write_full_page zeroed it): nothing of the file to write.
                bh.Clear(BufferState.Dirty);
                bh.Set(BufferState.Uptodate);
            }
            else if (!bh.Mapped && bh.Dirty)
            {
                Bug.On(bh.Size != 1 << blkbits, "__block_write_full_page", $"{bh} of {page} is not one block long");
                var error = await getBlock(inode, block, bh, create: true);
                if (error != 0)
                {
                    throw new UnmodelledPathException("__block_write_full_page", $"get_block failed ({Errno.Name(error)}): the recover path");
                }

                if (bh.TestClear(BufferState.New))
                {
                    UnmapUnderlyingMetadata(bh.BlockNr);
                }
            }

            block++;
        }

        foreach (var bh in buffers)
        {
            if (!bh.Mapped)
            {
                continue;
            }

            // A buffer is locked only while its I/O is in flight, and a page under writeback
            // never reaches here, so the lock is always free: no sleep, no trylock failure.
            Bug.On(bh.Locked, "__block_write_full_page", $"{bh} of {page} is locked");
            bh.Set(BufferState.Locked);
            if (bh.TestClear(BufferState.Dirty))
            {
                MarkBufferAsyncWrite(bh);
            }
            else
            {
                bh.Clear(BufferState.Locked);
            }
        }

        Bug.On(page.Writeback, "__block_write_full_page", $"{page} is already under writeback");
        await kernel.PageWriteback.FolioStartWriteback(page);
        var underway = 0;
        foreach (var bh in buffers)
        {
            if (bh.Has(BufferState.AsyncWrite))
            {
                await SubmitBh(BioOp.Write, sync, bh, SubmitReason.BufferWrite);
                underway++;
            }
        }

        kernel.Filemap.FolioUnlock(page);

        // The page was dirty but its buffers were all clean (written by hand): no I/O to end
        // its writeback, so end it here.
        if (underway == 0)
        {
            kernel.Filemap.FolioEndWriteback(page);
        }

        return 0;
    }

    [Models("fs/buffer.c", "mark_buffer_async_write", "4.9")]
    private void MarkBufferAsyncWrite(BufferHead bh)
    {
        bh.EndIo = EndBufferAsyncWrite;
        bh.Set(BufferState.AsyncWrite);
    }

    /// <summary>
    /// One buffer of a page write completed. The page's writeback ends with the last of its
    /// buffers, since each went in a bio of its own and they complete in any order.
    /// </summary>
    [Models("fs/buffer.c", "end_buffer_async_write", "4.9")]
    private void EndBufferAsyncWrite(BufferHead bh, bool uptodate)
    {
        var page = bh.Page!;
        if (uptodate)
        {
            bh.Set(BufferState.Uptodate);
        }
        else
        {
            bh.Clear(BufferState.Uptodate);
            page.Error = true;
            if (page.Mapping is { } mapping)
            {
                Filemap.MappingSetError(mapping, Errno.EIO);
            }
        }

        bh.Clear(BufferState.AsyncWrite | BufferState.Locked);
        if (page.Buffers!.Any(other => other.Has(BufferState.AsyncWrite)))
        {
            return;
        }

        kernel.Filemap.FolioEndWriteback(page);
    }
}
