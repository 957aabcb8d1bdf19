using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 3.x's writeback_chunk_size and the HZ/10 slice of writeback_sb_inodes (docs/flusher-loop.md).
/// MAX_WRITEBACK_PAGES (and so MIN_WRITEBACK_PAGES) is scaled down to 4.
/// </summary>
public sealed class WritebackChunkTests
{
    private static ThrottleWorld World(KernelEra era, long totalPages = 100)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = totalPages, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        if (world.Throttle.IoLess)
        {
            // page_writeback_init's sizing from 3.2: global_dirty_limit starts at the threshold.
            world.Throttle.WritebackSetRatelimitIoLess();
        }

        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        world.Kernel.Observers.Add(new FlusherLoopMonitor(world.Kernel));
        world.Kernel.Observers.Add(new WritebackBudget());
        return world;
    }

    [Fact]
    public void The_chunk_is_half_the_bandwidth_at_most_an_eighth_of_the_dirty_limit_rounded_to_min_writeback_pages()
    {
        var world = World(KernelEra.V3_19, totalPages: 1000);
        var bdi = world.Throttle.Bdi;
        var fsWriteback = world.Kernel.FsWriteback;
        var background = new WritebackControl { SyncMode = WritebackSyncMode.None, ForBackground = true };

        // global_dirty_limit is the dirty threshold (400 of 1000 pages here): an eighth is 50, under
        // half of INIT_BW; 50 + 4 rounded down to a multiple of 4.
        Assert.Equal(400UL, bdi.GlobalDirtyLimit);
        Assert.Equal(52, fsWriteback.WritebackChunkSize(background, new WbWritebackWork { NrPages = WritebackControl.LongMax }, wb: null));

        // What the work still asks for caps it, and the rounding still adds MIN_WRITEBACK_PAGES.
        Assert.Equal(8, fsWriteback.WritebackChunkSize(background, new WbWritebackWork { NrPages = 5 }, wb: null));

        // An integrity pass, and sync(2)'s tagged first pass, write all they tagged in one go.
        Assert.Equal(WritebackControl.LongMax, fsWriteback.WritebackChunkSize(WritebackControl.Integrity(), new WbWritebackWork { NrPages = 5 }, wb: null));
        Assert.Equal(WritebackControl.LongMax, fsWriteback.WritebackChunkSize(new WritebackControl { SyncMode = WritebackSyncMode.None, TaggedWritepages = true }, new WbWritebackWork { NrPages = 5 }, wb: null));
    }

    [Fact]
    public void A_slow_disks_chunk_is_half_its_bandwidth()
    {
        // writeback_chunk_size: "pages = min(wb->avg_write_bandwidth / 2, global_wb_domain.dirty_limit
        // / DIRTY_SCOPE)" [R]. A disk of 40 pages a second under a dirty limit of 400: half its
        // bandwidth (20) is under an eighth of the limit (50); 20 + 4 rounded down to 4 is 24.
        var world = World(KernelEra.V3_19, totalPages: 1000);
        world.Throttle.Bdi.AvgWriteBandwidth = 40;
        var background = new WritebackControl { SyncMode = WritebackSyncMode.None, ForBackground = true };

        Assert.Equal(24, world.Kernel.FsWriteback.WritebackChunkSize(background, new WbWritebackWork { NrPages = WritebackControl.LongMax }, wb: null));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, 98)]
    [InlineData(KernelEra.V3_19, 78)]
    [InlineData(KernelEra.V6_9, 78)]
    public void From_3_2_a_pass_writes_a_chunk_scaled_to_the_dirty_limit(KernelEra era, int dirtyLeft)
    {
        var world = World(era, totalPages: 1000);
        world.AddFile(dirty: 130);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // Background threshold 100. 2.6.36 writes MAX_WRITEBACK_PAGES (4) a pass and stops at 98;
        // from 3.2 a pass writes the file's chunk of 52 pages: 130, then 78.
        Assert.Equal(dirtyLeft, world.Vmstat.NrFileDirty);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 8)]
    public void From_3_1_a_walk_goes_back_to_the_loop_after_a_tenth_of_a_second(int ticksPerPage, int dirtyLeft)
    {
        var world = World(KernelEra.V3_19);
        Assert.Equal(8, world.Kernel.FsWriteback.WritebackChunkSize(new WritebackControl(), new WbWritebackWork { NrPages = WritebackControl.LongMax }, wb: null));
        var disk = new SlowDisk(world, ticksPerPage);
        var files = Enumerable.Range(0, 3).Select(_ => AddFile(world, disk, dirty: 8)).ToList();

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // 24 dirty pages over a threshold of 10, in three files of one chunk each (8: an eighth of
        // global_dirty_limit 40, plus 4, rounded down to 4). On a disk that takes no time the walk
        // writes every file it queued before going back to the loop; at 2 ticks a page a file
        // takes 16 ticks, past HZ/10 (10), so the walk goes back to the loop after each file, and
        // the loop finds 8 pages, under the threshold, after the second.
        Assert.Equal(dirtyLeft, world.Vmstat.NrFileDirty);
        Assert.Equal(ticksPerPage == 0 ? [false, false, false] : [false, false, true], files.Select(f => (f.State & InodeState.DirtyPages) != 0));
    }

    private static Inode AddFile(ThrottleWorld world, IAddressSpaceOperations operations, int dirty)
    {
        var inode = world.Kernel.CreateInode(0, operations);
        for (var index = 0; index < dirty; index++)
        {
            world.Kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        return inode;
    }

    /// <summary>The test world's filesystem on a disk on which writing a page takes <paramref name="ticksPerPage"/> jiffies.</summary>
    private sealed class SlowDisk(ThrottleWorld world, int ticksPerPage) : IAddressSpaceOperations
    {
        public bool HasWritepages => world.Fs.HasWritepages;

        public ValueTask<int> Writepage(Page page, WritebackControl wbc)
        {
            world.Kernel.Timers.Advance(ticksPerPage);
            return world.Fs.Writepage(page, wbc);
        }

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => world.Fs.Writepages(mapping, wbc);
    }
}
