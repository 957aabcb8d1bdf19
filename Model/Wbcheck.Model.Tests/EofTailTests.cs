using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The page that straddles i_size has its tail zeroed on every write, whatever a store through
/// a mapping put there since; and a write may start past an i_size a truncate lowered after the
/// writer read it, but never past the one it read.
/// </summary>
public sealed class EofTailTests
{
    private const int Offset = 100;

    /// <summary>A file of two pages truncated into the middle of page 1, then stored to through its mapping past the new EOF.</summary>
    private static World StoredPastEof(KernelEra era, Faults? faults = null, SimpleFsOptions? fs = null)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None }, fs: fs);
        world.Kernel.Observers.Add(new EofTailZeroed());
        world.Kernel.Observers.Add(new WritePastEof());
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + Offset));
        Assert.Equal(Offset, world.Page(1).ZeroFrom);
        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 1)));
        Assert.Equal(Page.PageSize, world.Page(1).ZeroFrom);
        return world;
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Writeback_zeroes_the_tail_a_store_put_past_eof(KernelEra era)
    {
        var world = StoredPastEof(era);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Offset, world.Page(1).ZeroFrom);
        Assert.True(world.Page(1).Writeback);
        world.CompleteAllIo();
        world.AssertInvariants();
    }

    [Fact]
    public void A_writepage_that_skips_the_zeroing_is_caught_as_the_write_starts()
    {
        var world = StoredPastEof(KernelEra.V6_9, new Faults { SimpleFsSkipsZeroingPastEof = true });

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.Equal(EofTailZeroed.Name, violation.Invariant);
        Assert.Contains($"page 1 of inode 1 straddles i_size {Page.PageSize + Offset} but starts writeback with its bytes {Offset}-{Page.PageSize - 1} past i_size not zeroed", violation.Message);
    }

    [Fact]
    public void The_pages_held_locked_in_the_bio_are_zeroed_too()
    {
        var world = StoredPastEof(KernelEra.V6_9, fs: new SimpleFsOptions { AggregateWritepages = true, KeepPagesLockedInBio = true });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Offset, world.Page(1).ZeroFrom);
        world.CompleteAllIo();
        world.AssertInvariants();
    }

    [Fact]
    public void A_cluster_leaves_the_page_straddling_eof_to_writepage_which_zeroes_it()
    {
        var world = StoredPastEof(KernelEra.V6_9, fs: new SimpleFsOptions { ClusterPages = 2 });

        // Page 0 is handed over; its cluster would take page 1 unzeroed, but stops there, and
        // the pass hands page 1 to ->writepage.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 }));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.Equal(Offset, world.Page(1).ZeroFrom);
    }

    [Fact]
    public void A_write_may_start_past_an_i_size_lowered_after_its_writer_read_it_but_not_past_the_one_it_read()
    {
        var world = new World(pages: 2);
        var monitor = new WritePastEof();
        var page = world.Page(1);
        var wbc = WritebackControl.Integrity();

        // The writer read i_size as two pages; truncate then lowered it to one.
        world.Inode.SizePages = 1;
        monitor.PageWriteStarting(page, wbc, 2 * Page.PageSize);

        var violation = Assert.Throws<InvariantViolationException>(() => monitor.PageWriteStarting(page, wbc, Page.PageSize));
        Assert.Contains("page 1 of inode 1 starts writeback wholly past the i_size its writer read, 4096 bytes", violation.Message);
    }
}
