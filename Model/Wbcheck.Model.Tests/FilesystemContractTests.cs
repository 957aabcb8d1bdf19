using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The kernel reaches a filesystem through IWritebackFilesystem: a filesystem's own dirty_folio
/// and evict_inode are the ones called, and the generic operations keep the kernel's rules.
/// </summary>
public sealed class FilesystemContractTests
{
    [Fact]
    public void A_buffered_write_dirties_the_page_through_the_filesystems_own_dirty_folio()
    {
        var world = new World(pages: 2, dirty: false);
        var fs = new CountingFs(world.Kernel);
        var inode = world.Kernel.CreateInode(2, fs);
        var file = world.Kernel.Open(inode);

        world.Run(() => world.Filemap.GenericPerformWrite(file, 1));

        Assert.Equal(1, fs.DirtyFolioCalls);
        Assert.True(inode.Mapping.Pages.Load(1)!.Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void The_last_iput_of_an_unlinked_inode_evicts_it_through_the_filesystems_own_evict_inode()
    {
        var world = new World(pages: 1, dirty: false);
        var fs = new CountingFs(world.Kernel);
        var inode = world.Kernel.CreateInode(2, fs);
        world.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        inode.Nlink = 0;

        world.Run(() => world.Kernel.Vfs.Iput(inode));

        Assert.Equal(1, fs.EvictCalls);
        Assert.Equal(0, inode.Mapping.NrPages);
    }

    [Fact]
    public void The_generic_page_mkwrite_returns_the_page_locked_and_dirty()
    {
        var world = new World(pages: 1, dirty: false);
        IVmOperations fs = world.Fs;
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, fs);

        Assert.Equal(VmFault.Locked, world.Run(() => fs.PageMkwrite(vma, page)));

        Assert.True(page.Locked);
        Assert.True(page.Dirty);
        world.Filemap.FolioUnlock(page);
        world.AssertInvariants();
    }

    [Fact]
    public void The_generic_page_mkwrite_of_a_truncated_page_asks_for_the_fault_again_with_the_page_unlocked()
    {
        var world = new World(pages: 1, dirty: false);
        IVmOperations fs = world.Fs;
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, fs);
        Filemap.FolioGet(page); // the fault's reference keeps the page, not its place in the file
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 0));

        Assert.Equal(VmFault.NoPage, world.Run(() => fs.PageMkwrite(vma, page)));

        Assert.False(page.Locked);
        Assert.False(page.Dirty);
    }

    [Fact]
    public void Block_write_full_page_puts_the_page_under_writeback_unlocked_with_its_bio_submitted()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);
        var wbc = WritebackControl.Integrity();
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page);
            return await WritebackHelpers.BlockWriteFullPage(world.Fs, page, wbc);
        });

        Assert.True(page.Writeback);
        Assert.False(page.Locked);
        Assert.Equal(1, world.Kernel.Device.InFlight);
    }

    /// <summary>A filesystem with the generic operations, counting the calls the kernel makes through the contract.</summary>
    private sealed class CountingFs(Kernel kernel) : IWritebackFilesystem
    {
        public int DirtyFolioCalls { get; private set; }

        public int EvictCalls { get; private set; }

        public Kernel Kernel => kernel;

        public bool HasWritepages => false;

        public ValueTask<int> Writepage(Page page, WritebackControl wbc) => WritebackHelpers.BlockWriteFullPage(this, page, wbc);

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) =>
            throw new InvalidOperationException("no ->writepages: do_writepages uses ->writepage");

        public ValueTask<bool> DirtyFolio(AddressSpace mapping, Page page)
        {
            DirtyFolioCalls++;
            return kernel.PageWriteback.FilemapDirtyFolio(mapping, page);
        }

        public ValueTask EvictInode(Inode inode)
        {
            EvictCalls++;
            return kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1);
        }
    }
}
