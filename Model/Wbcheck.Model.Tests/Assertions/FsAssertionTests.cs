using Wbcheck.Model.Block;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// The assertions of the filesystem side (the VFS's inode lock, SimpleFs's -&gt;writepage) and of the
/// block device, each driven to fire. (mpage_bio_writepage's cannot: the comment there says why.)
/// </summary>
public sealed class FsAssertionTests
{
    [Fact]
    public void Releasing_the_inode_lock_without_holding_it_is_a_kernel_bug()
    {
        var world = new World(pages: 1);
        var who = "";

        var bug = Assert.Throws<KernelBugException>(() => world.Run(() =>
        {
            who = world.Runtime.Current.ToString();
            world.Kernel.Vfs.InodeUnlock(world.Inode);
            return ValueTask.CompletedTask;
        }));

        Assert.Equal("up", bug.Function);
        Assert.Equal($"up: {world.Inode.Sem.Name} is not held by {who}", bug.Message);
    }

    [Fact]
    public void Writepage_of_an_unlocked_page_is_a_kernel_bug()
    {
        var world = new World(pages: 1);

        Fired.Bug("block_write_full_folio", "page 0 is not locked", () => world.Run(() => world.Fs.Writepage(world.Page(0), WritebackControl.Integrity())));
    }

    [Fact]
    public void A_bio_segment_not_aligned_to_sectors_is_a_kernel_bug()
    {
        var world = new World(pages: 1);
        var bio = new Bio(world.Inode, (_, _) => { }) { Op = BioOp.Write, Sector = 8 };
        bio.BioAddPage(world.Page(0), 100, 0);
        world.Run(() => world.Kernel.Device.SubmitBio(bio));

        Fired.Bug("submit_bio", "bio 1 has a segment not aligned to sectors", world.CompleteAllIo);
    }
}
