using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class WritebackIterTests
{
    private static WritebackControl Background(long nrToWrite, bool cyclic = false) => new()
    {
        SyncMode = WritebackSyncMode.None,
        NrToWrite = nrToWrite,
        RangeCyclic = cyclic,
    };

    private static List<long> UnderWriteback(World world) =>
        [.. world.Kernel.CachedPages().Where(p => p.Writeback).Select(p => p.Index)];

    /// <summary>Put page 0 under writeback, then dirty it again while its I/O is in flight.</summary>
    private static World PageRedirtiedUnderWriteback()
    {
        var world = new World(pages: 2, dirty: false);
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(1)));
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0));
        Assert.True(world.Page(0).Writeback && world.Page(0).Dirty);
        return world;
    }

    [Fact]
    public void Integrity_writeback_waits_on_a_page_under_writeback()
    {
        var world = PageRedirtiedUnderWriteback();

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.Equal("PG_writeback of page 0", blocked.Queue.Name);
        Assert.Equal("folio_wait_writeback(0)", blocked.Label.ToString());
    }

    [Fact]
    public void Background_writeback_skips_a_page_under_writeback()
    {
        var world = PageRedirtiedUnderWriteback();

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(16)));

        Assert.Equal(0, result);
        Assert.True(world.Page(0).Dirty);
        Assert.Equal(1, world.Kernel.Device.SubmittedCount);
        world.AssertInvariants();
    }

    [Fact]
    public void Background_writeback_stops_when_nr_to_write_runs_out()
    {
        var world = new World(pages: 4);
        var wbc = Background(2);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([0, 1], UnderWriteback(world));
        Assert.Equal(0, wbc.NrToWrite);
        world.AssertInvariants();
    }

    [Fact]
    public void Integrity_writeback_does_not_stop_when_nr_to_write_runs_out()
    {
        var world = new World(pages: 4);
        var wbc = WritebackControl.Integrity();
        wbc.NrToWrite = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([0, 1, 2, 3], UnderWriteback(world));
        world.AssertInvariants();
    }

    [Fact]
    public void The_injected_fault_stops_an_integrity_pass_exactly_where_nr_to_write_runs_out()
    {
        // The fault the nr_to_write property is proven against must be the bug it names, not a
        // pass that stops a page sooner or later.
        var world = new World(pages: 4, config: new KernelConfig { Faults = new Faults { SyncStopsAtNrToWrite = true } });
        var wbc = WritebackControl.Integrity();
        wbc.NrToWrite = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([0, 1], UnderWriteback(world));
        Assert.Equal(0, wbc.NrToWrite);
    }

    [Fact]
    public void Background_writeback_stops_at_the_first_error()
    {
        var world = new World(pages: 4, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1, 2 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(16)));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.Equal([0], UnderWriteback(world));
        Assert.True(world.Page(3).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Integrity_writeback_goes_on_after_an_error_and_returns_the_first()
    {
        var world = new World(pages: 4, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1, 2 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.Equal([0, 3], UnderWriteback(world));
        Assert.True(world.Page(1).Dirty && world.Page(2).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Integrity_writeback_returns_the_first_of_several_different_errors()
    {
        var world = new World(pages: 4, fs: new SimpleFsOptions
        {
            FailingPages = new HashSet<long> { 1, 2 },
            FailingErrors = new Dictionary<long, int> { [1] = Errno.EIO },
        });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        // Page 2 fails later with -ENOSPC: keeping the last error would return that.
        Assert.Equal(Errno.EIO, result);
        Assert.Equal([0, 3], UnderWriteback(world));
    }

    /// <summary>
    /// Drive one pass by hand, a page a lookup, writing each page it returns; after the first,
    /// dirty page 3, which was clean when the pass began. The pages the pass returned.
    /// </summary>
    private static List<long> PassWithPageDirtiedBehindItsTags(WritebackControl wbc)
    {
        var world = new World(pages: 4, dirty: false);
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0));
        world.Run(() => world.Filemap.GenericPerformWrite(file, 1));
        var it = new WritebackIteration(world.Mapping, wbc, batchSize: 1);
        var written = new List<long>();
        world.Run(async () =>
        {
            Page? page = null;
            var error = 0;
            while ((page = await world.Pw.WritebackIter(it, page, error)) is not null)
            {
                written.Add(page.Index);
                error = await world.Fs.Writepage(page, wbc);
                if (written.Count == 1)
                {
                    await world.Pw.FolioMarkDirty(world.Page(3));
                }
            }
        });
        return written;
    }

    [Fact]
    public void Integrity_and_tagged_passes_write_only_the_pages_dirty_when_they_began()
    {
        // Walking TOWRITE, not DIRTY, is what keeps a steady dirtier from livelocking the pass;
        // WB_SYNC_ALL and tagged_writepages each alone must choose it.
        var integrity = PassWithPageDirtiedBehindItsTags(WritebackControl.Integrity());
        var tagged = PassWithPageDirtiedBehindItsTags(new WritebackControl { SyncMode = WritebackSyncMode.None, TaggedWritepages = true });
        var untagged = PassWithPageDirtiedBehindItsTags(new WritebackControl { SyncMode = WritebackSyncMode.None });

        Assert.Equal([0, 1], integrity);
        Assert.Equal([0, 1], tagged);
        Assert.Equal([0, 1, 3], untagged);
    }

    [Fact]
    public void Range_cyclic_ignores_the_range_end_its_control_carries()
    {
        var world = new World(pages: 4);
        world.Mapping.WritebackIndex = 1;
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, RangeCyclic = true, RangeEnd = (2 << WritebackControl.PageShift) - 1 };

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([1, 2, 3], UnderWriteback(world));
    }

    [Fact]
    public void Range_cyclic_starts_at_writeback_index_and_does_not_wrap_within_the_pass()
    {
        var world = new World(pages: 4);
        world.Mapping.WritebackIndex = 2;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(16, cyclic: true)));

        Assert.Equal([2, 3], UnderWriteback(world));
        Assert.True(world.Page(0).Dirty && world.Page(1).Dirty);
        Assert.Equal(0, world.Mapping.WritebackIndex); // reached EOF: next pass starts over
    }

    [Fact]
    public void Range_cyclic_stores_where_it_stopped()
    {
        var world = new World(pages: 4);
        world.Mapping.WritebackIndex = 1;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(2, cyclic: true)));

        Assert.Equal([1, 2], UnderWriteback(world));
        Assert.Equal(3, world.Mapping.WritebackIndex);
    }

    [Fact]
    public void A_ranged_pass_writes_only_its_range()
    {
        var world = new World(pages: 4);
        var wbc = WritebackControl.Integrity(1 << WritebackControl.PageShift, (3 << WritebackControl.PageShift) - 1);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.Equal([1, 2], UnderWriteback(world));
        Assert.Equal(XaMark.Dirty, world.Marks(0));
        Assert.Equal(XaMark.Dirty, world.Marks(3)); // not tagged TOWRITE: outside the range
    }

    [Fact]
    public void Write_cache_pages_unlocks_a_page_the_filesystem_activated()
    {
        var world = new World(pages: 2);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 };

        var result = world.Run(() => world.Pw.WriteCachePages(world.Mapping, wbc, (_, _) => ValueTask.FromResult(Errno.AOP_WRITEPAGE_ACTIVATE)));

        Assert.Equal(0, result);
        Assert.False(world.Page(0).Locked || world.Page(1).Locked);
    }

    [Fact]
    public void An_aggregating_filesystem_submits_one_bio_at_the_end_of_the_pass()
    {
        var world = new World(pages: 3, fs: new SimpleFsOptions { AggregateWritepages = true });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(1, world.Kernel.Device.SubmittedCount);
        Assert.Equal([0, 1, 2], UnderWriteback(world));
        world.CompleteAllIo();
        Assert.Empty(UnderWriteback(world));
        world.AssertInvariants();
    }
}
