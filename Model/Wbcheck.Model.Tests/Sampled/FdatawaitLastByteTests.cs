using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// fsync before 2.6.32 (do_fsync, then vfs_fsync: filemap_fdatawrite, then filemap_fdatawait):
/// filemap_fdatawait waits on the pages from 0 to i_size - 1, the file's last byte
/// ("wait_on_page_writeback_range(mapping, 0, (i_size - 1) &gt;&gt; PAGE_CACHE_SHIFT)"): a last page
/// that holds one byte of the file is waited on too, so fsync returns with its write complete.
/// </summary>
public sealed class FdatawaitLastByteTests
{
    [Fact]
    public void Fsync_waits_for_a_last_page_holding_a_single_byte()
    {
        // Two dirty pages, i_size 4,097: the last byte is byte 0 of page 1.
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Inode.Size = Page.PageSize + 1;
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);

        // The wait for page 0 runs the completions oldest first until page 0's wakes it; only
        // the wait for page 1 runs page 1's.
        Assert.Equal(0, world.Run(() => world.Filemap.FileWriteAndWaitRange(file, 0, WritebackControl.LLongMax)));

        Assert.False(world.Page(1).Writeback, "fsync returned with the last page's write still in flight");
        Assert.False(world.Page(0).Writeback);
    }
}
