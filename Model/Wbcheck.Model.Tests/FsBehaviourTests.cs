using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>The model filesystem's behaviours of real ones: clusters, declining, partial pages.</summary>
public sealed class FsBehaviourTests
{
    private static World In(KernelEra era, SimpleFsOptions fs, Faults? faults = null, int pages = 4)
    {
        var world = new World(pages: pages, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None }, fs: fs);
        world.Kernel.Observers.Add(new WritebackBudget());
        return world;
    }

    private static WritebackControl Background(long nrToWrite) => new() { SyncMode = WritebackSyncMode.None, NrToWrite = nrToWrite };

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_cluster_spends_nr_to_write_on_the_neighbours_and_the_pass_stops_when_it_is_spent(KernelEra era)
    {
        var world = In(era, new SimpleFsOptions { ClusterPages = 3 });
        var wbc = Background(2);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        // Page 0 handed over, 1 and 2 taken as its neighbours while budget was left: 3 is not reached.
        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback && world.Page(2).Writeback);
        Assert.True(world.Page(3).Dirty);
        Assert.False(world.Page(3).Writeback);
        Assert.Equal(-1, wbc.NrToWrite);
        world.CompleteAllIo();
        world.AssertInvariants();
    }

    [Fact]
    public void An_iterator_that_ends_only_at_zero_is_caught_starting_a_write_past_the_budget()
    {
        var world = In(KernelEra.V6_9, new SimpleFsOptions { ClusterPages = 2 }, new Faults { NrToWriteSpentOnlyAtZero = true });

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(1))));

        Assert.Equal(WritebackBudget.Name, violation.Invariant);
        Assert.Contains("page 2 of inode 1 starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent (-1)", violation.Message);
    }

    [Fact]
    public void A_filesystem_that_declines_background_writeback_leaves_its_pages_dirty_and_writes_them_for_fsync()
    {
        var world = In(KernelEra.V6_9, new SimpleFsOptions { DeclineBackgroundWriteback = true });

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(10))));
        Assert.All(Enumerable.Range(0, 4), index => Assert.True(world.Page(index).Dirty && !world.Page(index).Locked && !world.Page(index).Writeback));
        world.AssertInvariants();

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        Assert.All(Enumerable.Range(0, 4), index => Assert.True(world.Page(index).Writeback));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void An_integrity_pass_writes_the_rest_of_a_page_submitted_in_part_where_its_tag_survives(KernelEra era, bool written)
    {
        var world = In(era, new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } });
        var version = world.Page(1).Version;

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        world.CompleteAllIo();

        // 2.6.36 walks TOWRITE and its set_page_writeback drops the tag of the page it redirtied.
        Assert.Equal(written ? version : 0, world.Kernel.Device.StableVersion(world.Inode, 1));
        Assert.Equal(!written, world.Page(1).Dirty);
        Assert.Equal(world.Page(0).Version, world.Kernel.Device.StableVersion(world.Inode, 0));
        world.AssertInvariants();
    }

    /// <summary>The second walk of a range_cyclic integrity pass starts at page 0 too, as ext4's does (index 0 for range_cyclic).</summary>
    [Fact]
    public void A_range_cyclic_integrity_pass_writes_the_rest_of_page_0_submitted_in_part()
    {
        var world = In(KernelEra.V6_9, new SimpleFsOptions { PartialPages = new HashSet<long> { 0 } });
        var version = world.Page(0).Version;

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.All, RangeCyclic = true })));
        world.CompleteAllIo();

        Assert.Equal(version, world.Kernel.Device.StableVersion(world.Inode, 0));
        Assert.False(world.Page(0).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void A_cluster_stops_at_eof_and_one_that_does_not_is_caught_writing_past_it()
    {
        var fs = new SimpleFsOptions { ClusterPages = 4 };
        var world = In(KernelEra.V6_9, fs);
        world.Kernel.Observers.Add(new WritePastEof());
        world.Inode.SizePages = 2; // pages 2 and 3 are truncate's to remove

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Background(10)));
        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.False(world.Page(2).Writeback || world.Page(3).Writeback);

        var faulty = In(KernelEra.V6_9, fs, new Faults { ClusterIgnoresEof = true });
        faulty.Kernel.Observers.Add(new WritePastEof());
        faulty.Inode.SizePages = 2;
        var violation = Assert.Throws<InvariantViolationException>(() => faulty.Run(() => faulty.Pw.DoWritepages(faulty.Mapping, Background(10))));
        Assert.Equal(WritePastEof.Name, violation.Invariant);
        Assert.Contains("page 2 of inode 1 starts writeback wholly past the i_size its writer read, 8192 bytes", violation.Message);
    }
}
