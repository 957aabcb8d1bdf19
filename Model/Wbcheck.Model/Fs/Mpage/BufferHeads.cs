using System.Runtime.CompilerServices;
using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// fs/buffer.c, as far as mpage needs it: buffers attached to pages, buffer I/O and its
/// completions, the block device's buffer cache of metadata blocks, and the whole-page
/// fallbacks mpage uses for confused pages (its files: BufferHeads.*.cs). Every I/O it submits
/// goes into <paramref name="log"/>.
/// </summary>
public sealed partial class BufferHeads(Kernel kernel, BioLog log)
{
    /// <summary>The block device's buffer cache: metadata blocks by disk block number.</summary>
    private readonly Dictionary<long, BufferHead> blockDeviceCache = [];

    private IKernelRuntime Runtime => kernel.Runtime;

    /// <summary>Put a metadata block into the buffer cache, for a scenario's initial state.</summary>
    public void AddCachedMetadataBlock(long block, int size, bool dirty) =>
        blockDeviceCache[block] = new BufferHead
        {
            BlockNr = block,
            Size = size,
            State = BufferState.Mapped | BufferState.Uptodate | (dirty ? BufferState.Dirty : BufferState.None),
        };

    /// <summary>The cached buffer of a metadata block, or null.</summary>
    [Models("fs/buffer.c", "__find_get_block", "4.9")]
    public BufferHead? FindGetBlock(long block) => blockDeviceCache.GetValueOrDefault(block);

    /// <summary>
    /// Read a metadata block into the buffer cache, unless it is there already, and wait for it.
    /// Metadata is ordered, not carried: the read is logged where it is submitted and completes
    /// at once.
    /// </summary>
    [Models("fs/buffer.c", "__bread_gfp", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<BufferHead> Bread(long block, int size)
    {
        if (FindGetBlock(block) is { Uptodate: true } cached)
        {
            return cached;
        }

        await Runtime.Schedule(PointKind.SubmitIo, new StepLabel("submit_bh", block));
        log.Metadata(BioOp.Read, block * (size / BlockDevice.SectorSize), size / BlockDevice.SectorSize, SubmitReason.IndirectBlockRead);
        var bh = new BufferHead { BlockNr = block, Size = size, State = BufferState.Mapped | BufferState.Uptodate };
        blockDeviceCache[block] = bh;
        return bh;
    }

    /// <summary>
    /// After a bio ending on a boundary block is sent, send the block after it too if it is a
    /// dirty metadata block in the cache: it is the indirect block the next mapping reads, and
    /// the disk head is right there.
    /// </summary>
    [Models("fs/buffer.c", "write_boundary_block", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WriteBoundaryBlock(long boundaryBlock, int blockSize)
    {
        if (FindGetBlock(boundaryBlock + 1) is not { } bh || !bh.Dirty)
        {
            return;
        }

        // ll_rw_block(REQ_OP_WRITE): only a buffer still dirty once locked is written.
        await Runtime.Schedule(PointKind.SubmitIo, new StepLabel("ll_rw_block", bh.BlockNr));
        if (bh.TestClear(BufferState.Dirty))
        {
            log.Metadata(BioOp.Write, bh.BlockNr * (blockSize / BlockDevice.SectorSize), blockSize / BlockDevice.SectorSize, SubmitReason.BoundaryBlockWrite);
        }
    }

    /// <summary>
    /// A block just allocated to a file may still be in the buffer cache as freed metadata.
    /// Its old dirty contents must not be written over the new data later, so forget them.
    /// </summary>
    [Models("fs/buffer.c", "unmap_underlying_metadata", "4.9")]
    public void UnmapUnderlyingMetadata(long block)
    {
        if (FindGetBlock(block) is { } old)
        {
            old.Clear(BufferState.Dirty);
        }
    }

    /// <summary>Attach a buffer head per block to a page that has none, each with <paramref name="state"/>.</summary>
    [Models("fs/buffer.c", "create_empty_buffers", "4.9")]
    public static IReadOnlyList<BufferHead> CreateEmptyBuffers(Page page, int blockSize, BufferState state)
    {
        Bug.On(page.Buffers is not null, "create_empty_buffers", $"{page} already has buffers");
        var buffers = new BufferHead[Page.PageSize / blockSize];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new BufferHead { Page = page, OffsetInPage = i * blockSize, Size = blockSize, State = state };
        }

        page.Buffers = buffers;
        return buffers;
    }

    /// <summary>The page's buffers, made with <paramref name="state"/> if it has none yet.</summary>
    [Models("fs/buffer.c", "create_page_buffers", "4.9")]
    public static IReadOnlyList<BufferHead> CreatePageBuffers(Page page, Inode inode, BufferState state)
    {
        Bug.On(!page.Locked, "create_page_buffers", $"{page} is not locked");
        return page.Buffers ?? CreateEmptyBuffers(page, 1 << inode.BlockBits, state);
    }

    /// <summary>
    /// Send one buffer to the disk in a bio of its own; its b_end_io runs when the bio completes.
    /// </summary>
    [Models("fs/buffer.c", "submit_bh_wbc", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask SubmitBh(BioOp op, bool sync, BufferHead bh, SubmitReason reason)
    {
        // Cannot fire in the model: both callers lock the buffer and give it an end_io just
        // before (mark_buffer_async_write or _read), and submit only mapped buffers.
        Bug.On(!bh.Locked || !bh.Mapped || bh.EndIo is null, "submit_bh_wbc", $"{bh} is not locked, mapped and given an end_io");
        var page = bh.Page!;
        var bio = new Bio(page.Mapping!.Host, (_, status) => EndBioBhIoSync(bh, status))
        {
            Op = op,
            Sync = sync,
            Sector = bh.BlockNr * (bh.Size / BlockDevice.SectorSize),
            MaxVecs = 1,
        };
        bio.BioAddPage(page, bh.Size, bh.OffsetInPage);
        log.Submitted(bio, reason);
        await kernel.Device.SubmitBio(bio);
    }

    /// <summary>A buffer's bio completed: hand the result to the buffer's own end_io (bi_private holds the buffer).</summary>
    [Models("fs/buffer.c", "end_bio_bh_io_sync", "4.9")]
    private static void EndBioBhIoSync(BufferHead bh, int status) => bh.EndIo!(bh, status == 0);
}
