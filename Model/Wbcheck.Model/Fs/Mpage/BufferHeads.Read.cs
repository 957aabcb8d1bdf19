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
    /// -&gt;readpage of buffer-head filesystems, and mpage's fallback for a confused page: map
    /// each block that is not uptodate, zero the holes, and read the mapped blocks each in a bio
    /// of its own. The locked page is unlocked by the last read to complete, or here if none is
    /// needed.
    /// </summary>
    [Models("fs/buffer.c", "block_read_full_page", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> BlockReadFullPage(Page page, GetBlockCallback getBlock)
    {
        var inode = page.Mapping!.Host;
        var buffers = CreatePageBuffers(page, inode, BufferState.None);
        var blkbits = inode.BlockBits;
        var blockSize = 1 << blkbits;
        var block = page.Index << (WritebackControl.PageShift - blkbits);
        var blocksInFile = (inode.Size + blockSize - 1) >> blkbits;
        var toRead = new List<BufferHead>();

        foreach (var bh in buffers)
        {
            if (!bh.Uptodate)
            {
                if (!bh.Mapped && block < blocksInFile)
                {
                    if (await getBlock(inode, block, bh, create: false) != 0)
                    {
                        throw new UnmodelledPathException("block_read_full_page", "get_block failed");
                    }
                }

                if (!bh.Mapped)
                {
                    // A hole (or past EOF): zeroes, with no I/O. Only a zero tail is tracked.
                    if (bh.OffsetInPage + blockSize == Page.PageSize)
                    {
                        Highmem.ZeroUserSegment(page, bh.OffsetInPage, Page.PageSize);
                    }

                    bh.Set(BufferState.Uptodate);
                }
                else
                {
                    toRead.Add(bh);
                }
            }

            block++;
        }

        if (toRead.Count == 0)
        {
            page.Uptodate = true;
            kernel.Filemap.FolioUnlock(page);
            return 0;
        }

        // Mark them all before sending any, so that no completion sees itself last too early.
        foreach (var bh in toRead)
        {
            Bug.On(bh.Locked, "block_read_full_page", $"{bh} of {page} is locked");
            bh.Set(BufferState.Locked);
            MarkBufferAsyncRead(bh);
        }

        foreach (var bh in toRead)
        {
            await SubmitBh(BioOp.Read, sync: false, bh, SubmitReason.BufferRead);
        }

        return 0;
    }

    [Models("fs/buffer.c", "mark_buffer_async_read", "4.9")]
    private void MarkBufferAsyncRead(BufferHead bh)
    {
        bh.EndIo = EndBufferAsyncRead;
        bh.Set(BufferState.AsyncRead);
    }

    /// <summary>
    /// One buffer of a page read completed. The last one makes the page uptodate if every
    /// buffer now is, and unlocks it.
    /// </summary>
    [Models("fs/buffer.c", "end_buffer_async_read", "4.9")]
    private void EndBufferAsyncRead(BufferHead bh, bool uptodate)
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
        }

        bh.Clear(BufferState.AsyncRead | BufferState.Locked);
        var buffers = page.Buffers!;
        if (buffers.Any(other => other.Has(BufferState.AsyncRead)))
        {
            return;
        }

        if (buffers.All(other => other.Uptodate))
        {
            page.Uptodate = true;
        }

        kernel.Filemap.FolioUnlock(page);
    }
}
