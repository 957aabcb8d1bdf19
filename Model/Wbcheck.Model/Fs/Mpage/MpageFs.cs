using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// A filesystem of the ext2 kind over a described block layout: -&gt;writepages and -&gt;readpages
/// are mpage's, -&gt;writepage and the fallbacks are the buffer-head ones, and get_block maps
/// runs of blocks from the layout, reading indirect blocks on the way and setting BH_Boundary
/// where the layout says. Everything it submits is in <see cref="Log"/>.
/// </summary>
public sealed class MpageFs : IAddressSpaceOperations
{
    public MpageFs(Kernel kernel, FileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        Map = new BlockMap(layout);
        Buffers = new BufferHeads(kernel, Log);
        Mpage = new Mpage(kernel, Buffers, Log) { BioAllocLimit = layout.BioAllocLimit ?? int.MaxValue };
        foreach (var indirect in layout.IndirectBlocks.Where(i => i.Cached))
        {
            Buffers.AddCachedMetadataBlock(indirect.DiskBlock, layout.BlockSize, indirect.Dirty);
        }
    }

    public FileLayout Layout { get; }

    public BlockMap Map { get; }

    public BioLog Log { get; } = new();

    public BufferHeads Buffers { get; }

    public Mpage Mpage { get; }

    public bool HasWritepages => true;

    [Models("fs/ext2/inode.c", "ext2_writepage", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
    {
        Log.Writepage(page.Index);
        var result = await Buffers.BlockWriteFullPage(page, GetBlock, wbc);
        Log.WritepageDone();
        return result;
    }

    [Models("fs/ext2/inode.c", "ext2_writepages", "4.9")]
    public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => Mpage.MpageWritepages(mapping, wbc, GetBlock);

    /// <summary>Read one locked page that is cached but not uptodate.</summary>
    [Models("fs/ext2/inode.c", "ext2_readpage", "4.9")]
    public ValueTask<int> Readpage(Page page) => Mpage.MpageReadpage(page, GetBlock);

    /// <summary>Readahead of the pages at <paramref name="indices"/>, none of them cached.</summary>
    [Models("fs/ext2/inode.c", "ext2_readpages", "4.9")]
    public ValueTask<int> Readpages(AddressSpace mapping, IReadOnlyList<long> indices) => Mpage.MpageReadpages(mapping, indices, GetBlock);

    /// <summary>
    /// Map file block <paramref name="block"/> and as many after it as <paramref name="bh"/>'s
    /// size asks for, while they follow on the disk: first read the indirect block that maps it,
    /// if any and not cached. A hole stays unmapped, unless <paramref name="create"/> and the
    /// layout reserves a place for it: then it is allocated there (BH_New), which dirties the
    /// indirect block recording it. A run ends at a boundary block, marked BH_Boundary.
    /// </summary>
    [Models("fs/ext2/inode.c", "ext2_get_block", "4.9")]
    [Models("fs/ext2/inode.c", "ext2_get_blocks", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> GetBlock(Inode inode, long block, BufferHead bh, bool create)
    {
        var blkbits = inode.BlockBits;
        var wanted = Math.Max(1, bh.Size >> blkbits);
        if (Map.IndirectOf(block) is { } indirect)
        {
            await Buffers.Bread(indirect.DiskBlock, 1 << blkbits);
        }

        var disk = Map.DiskBlock(block);
        var isNew = !Map.IsAllocated(block);
        if (disk < 0 || (isNew && !create))
        {
            return 0;
        }

        var count = 1;
        while (count < wanted && Map.RunContinues(block + count - 1))
        {
            count++;
        }

        if (isNew)
        {
            for (var i = 0; i < count; i++)
            {
                Map.Allocate(block + i);
            }

            if (Map.IndirectOf(block) is { } recording)
            {
                Buffers.FindGetBlock(recording.DiskBlock)!.Set(BufferState.Dirty);
            }

            bh.Set(BufferState.New);
        }

        bh.BlockNr = disk;
        bh.Size = count << blkbits;
        bh.Set(BufferState.Mapped);
        if (Map.IsBoundary(block + count - 1))
        {
            bh.Set(BufferState.Boundary);
        }

        return 0;
    }
}
