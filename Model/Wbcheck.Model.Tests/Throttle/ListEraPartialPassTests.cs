using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 2.5.31: a pass that nr_to_write cuts short leaves the inode dirty. __sync_single_inode puts an
/// inode whose dirty_pages or io_pages still hold pages back on s_dirty with I_DIRTY_PAGES and the
/// stamp it had ("Not a whole-file writeback"), so background_writeout's next pass goes on with
/// it: "do { ... } while (wbc.nr_to_write &lt;= 0)", until dirty is under the background threshold
/// and min_pages is spent. Passes of 4 pages; 100 pages of memory, background threshold 10.
/// </summary>
public sealed class ListEraPartialPassTests
{
    private static ThrottleWorld In2_5() =>
        new(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = KernelEra.V2_5 });

    [Fact]
    public void Reclaims_wakeup_bdflush_writes_every_dirty_page_in_passes_of_max_writeback_pages()
    {
        // wakeup_bdflush: background_writeout(nr_dirty = 9), under the threshold of 10. Passes
        // write 4 (nr_to_write 0: round again), 4, then 1 (nr_to_write 3: the loop ends).
        var world = In2_5();
        world.AddFile(dirty: 9);

        world.Run(() => ValueTask.FromResult(world.Throttle.WakeupPdflush(0)));
        world.RunAllPending();

        Assert.Equal(9, world.PagesSubmitted);
        Assert.Equal(0L, world.Vmstat.NrFileDirty);
    }

    [Fact]
    public void A_pass_cut_short_leaves_the_inode_dirty_with_the_stamp_it_had()
    {
        var world = In2_5();
        var inode = world.AddFile(dirty: 9);
        var stamp = inode.DirtiedWhen;
        world.Kernel.Timers.Advance(50);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 4 };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        Assert.Equal(4, world.PagesSubmitted);
        Assert.Equal(Fs.InodeState.DirtyPages, inode.State);
        Assert.Equal(stamp, inode.DirtiedWhen);
    }
}
