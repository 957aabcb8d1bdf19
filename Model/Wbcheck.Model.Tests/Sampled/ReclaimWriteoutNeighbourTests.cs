using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The pinned reclaim writearound (Vmscan.RangeWriteout, as suggested on 2010-06-11) writes a
/// trylocked neighbour as pageout would: only a page still in the file, not under writeback,
/// whose dirty bit clear_page_dirty_for_io takes; any other it unlocks untouched.
/// </summary>
public sealed class ReclaimWriteoutNeighbourTests
{
    [Fact]
    public void A_clean_neighbour_is_unlocked_and_not_written()
    {
        var world = new World(pages: 2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        world.CompleteAllIo();
        Assert.True(!world.Page(0).Dirty && world.Page(1).Dirty, "page 0 clean, page 1 dirty before the writeout");

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutPinned(world.Page(1), 0, 1));

        Assert.False(world.Page(0).Writeback || world.Page(0).Locked || world.Page(0).Dirty, world.Page(0).FlagString());
        Assert.True(world.Page(1).Writeback);
    }
}
