using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_write_full_folio maps a page's blocks for writing: __block_write_full_folio asks
/// get_block with create = 1 for a dirty buffer not yet mapped (a hole or a delayed block gets
/// its block now) [R]. The contract's generic -&gt;writepage (<see cref="WritebackHelpers.BlockWriteFullPage"/>)
/// asks <see cref="IWritebackFilesystem.GetBlock"/> with create for a page inside i_size.
/// </summary>
public sealed class BlockWriteFullPageCreateTests
{
    [Fact]
    public void The_generic_writepage_asks_get_block_to_create()
    {
        var world = new World(pages: 1);
        var fs = new RecordingFs(world.Kernel);
        var page = world.Page(0);
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page);
            return await WritebackHelpers.BlockWriteFullPage(fs, page, WritebackControl.Integrity());
        });

        Assert.Equal([(0L, true)], fs.GetBlockCalls);
        Assert.True(page.Writeback);
    }

    /// <summary>A filesystem with the generic operations, recording each get_block.</summary>
    private sealed class RecordingFs(Kernel kernel) : IWritebackFilesystem
    {
        public List<(long Index, bool Create)> GetBlockCalls { get; } = [];

        public Kernel Kernel => kernel;

        public bool HasWritepages => false;

        public ValueTask<long> GetBlock(Inode inode, long index, bool create)
        {
            GetBlockCalls.Add((index, create));
            return ValueTask.FromResult(index);
        }

        public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
            throw new InvalidOperationException("no ->writepages");

        public ValueTask EvictInode(Inode inode) => kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1);
    }
}
