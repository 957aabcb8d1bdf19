using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A filesystem with no -&gt;evict_inode of its own gets evict()'s default, truncate_inode_pages_final:
/// the whole mapping, lend -1, dropped before clear_inode.
/// </summary>
public sealed class GenericEvictTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void The_default_evict_inode_drops_every_page_of_the_file(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var inode = world.Kernel.CreateInode(3, new GenericFs(world.Kernel));
        for (var index = 0; index < 3; index++)
        {
            world.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        inode.Nlink = 0;

        world.Run(() => world.Kernel.Vfs.Iput(inode));

        Assert.Equal(0, inode.Mapping.NrPages);
        Assert.True(inode.Evicted);
    }

    /// <summary>The generic operations and nothing of its own: the contract's defaults are the ones called.</summary>
    private sealed class GenericFs(Kernel kernel) : IWritebackFilesystem
    {
        public Kernel Kernel => kernel;

        public bool HasWritepages => false;

        public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
            throw new InvalidOperationException("no ->writepages: do_writepages uses ->writepage");
    }
}
