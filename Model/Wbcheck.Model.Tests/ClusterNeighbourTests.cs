using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The neighbours a clustering -&gt;writepage takes (xfs_cluster_write and xfs_convert_page,
/// fs/xfs/linux-2.6/xfs_aops.c, 2.6.29): a neighbour already under writeback ends the cluster
/// ("if (PageWriteback(page)) goto fail_unlock_page"), even when it has been dirtied again
/// since; it is left dirty for a later pass, which waits for that writeback first, and the
/// reference the lookup took on it is dropped.
/// </summary>
public sealed class ClusterNeighbourTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_neighbour_under_writeback_ends_the_cluster(KernelEra era)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { ClusterPages = 3 });

        // Page 1 alone written (a pass over its page only: the cluster takes page 2 with it), then dirtied again.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, RangeStart = Page.PageSize, RangeEnd = (2 * Page.PageSize) - 1 }));
        Assert.True(world.Page(1).Writeback);
        world.Run(() => world.Pw.FolioMarkDirty(world.Page(1)));
        var references = world.Page(1).RefCount;

        // Page 0 is handed over; its cluster stops at page 1, still under writeback, and gives back its reference.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 0, RangeEnd = Page.PageSize - 1 }));

        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(1).Dirty);
        Assert.Equal(references, world.Page(1).RefCount);
        world.CompleteAllIo();
        world.AssertInvariants();
    }

    [Fact]
    public void A_neighbour_locked_by_someone_else_ends_the_cluster_and_keeps_no_reference()
    {
        // xfs_cluster_write looks its neighbours up with a reference and takes each with
        // trylock_page; one it cannot lock it gives back (pagevec_release) untouched.
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_6_29 }, fs: new SimpleFsOptions { ClusterPages = 2 });
        var neighbour = world.Page(1);
        var references = neighbour.RefCount;
        neighbour.Locked = true;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 0, RangeEnd = Page.PageSize - 1 }));

        Assert.True(world.Page(0).Writeback);
        Assert.True(neighbour.Dirty && !neighbour.Writeback);
        Assert.Equal(references, neighbour.RefCount);
    }

    [Fact]
    public void The_neighbours_go_in_the_bio_of_the_page_handed_over_and_are_given_back_when_it_ends()
    {
        // xfs_convert_page adds each neighbour's buffers to the ioend of the page handed over,
        // so its writeback ends with that I/O; the lookup's reference is dropped.
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V2_6_29 }, fs: new SimpleFsOptions { ClusterPages = 3 });
        var references = Enumerable.Range(0, 3).Select(index => world.Page(index).RefCount).ToList();

        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 0, RangeEnd = Page.PageSize - 1 }));
        Assert.All(Enumerable.Range(0, 3), index => Assert.True(world.Page(index).Writeback, $"page {index}"));
        world.CompleteAllIo();

        Assert.All(Enumerable.Range(0, 3), index =>
        {
            var page = world.Page(index);
            Assert.False(page.Writeback || page.Dirty, $"page {index}");
            Assert.Equal(page.Version, world.Kernel.Device.StableVersion(world.Inode, index));
            Assert.Equal(references[index], page.RefCount);
        });
    }
}
