using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The unlink property (docs/eras.md section 107): files unlinked and closed among writes,
/// fsyncs, writeback, the flusher's loop, truncates and reclaim. It holds on every era but 2.6.36,
/// whose flusher's wait reads a freed inode (docs/eras.md section 127), and catches a write that
/// skips the inode lock (until now caught only by the model and engine tests) and an eviction
/// that does not wait for writeback, each shrunk to a few commands.
/// </summary>
public sealed class UnlinkPropertyTests(ITestOutputHelper output)
{
    private static readonly PropertyOptions FaultRun = PropertyOptions.Default with { MaxTest = 5_000, Replay = new ReplaySeed(20261122, 1234567891) };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Holds(KernelEra era) =>
        PropertyCheck.Run(WritebackProperties.UnlinkName, WritebackProperties.NoLostWriteUntilUnlink(era), TestBudget.Options, output.WriteLine);

    /// <summary>A write that does not take the inode lock grows i_size over a page a running truncate then removes: the returned write is lost inside the file.</summary>
    [Fact]
    public void A_write_that_skips_the_inode_lock_is_caught()
    {
        var (failure, shrunk) = Caught(new Faults { WriteSkipsInodeLock = true });

        Assert.Contains("written data readable until unlink: a write of page", failure.Message);
        Assert.Contains("the write is lost", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is TruncateCommand);
        Assert.Contains(shrunk.Commands, c => c is WriteCommand);
    }

    /// <summary>Eviction's final truncate takes a page out under writeback: the kernel's BUG on removing it, met by the unlink.</summary>
    [Fact]
    public void An_eviction_that_does_not_wait_for_writeback_is_caught()
    {
        var (failure, shrunk) = Caught(new Faults { EvictSkipsWritebackWait = true });

        Assert.Contains("under writeback", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is UnlinkCommand);
    }

    /// <summary>
    /// Eviction drops only the pages it can take without waiting (invalidate_mapping_pages): a
    /// page under writeback at the unlink stays in the mapping, and clear_inode's
    /// BUG_ON(inode-&gt;i_data.nrpages) fires (docs/eras.md section 116; before it was modelled,
    /// the property's state check <see cref="Model.Invariants.EvictedMappingEmpty"/> named it
    /// after the step).
    /// </summary>
    [Fact]
    public void An_eviction_that_skips_busy_pages_leaves_the_evicted_mapping_not_empty()
    {
        var (failure, shrunk) = Caught(new Faults { EvictSkipsBusyPages = true });

        Assert.Contains("kernel BUG in clear_inode: inode 1 still has 1 page(s) (i_data.nrpages)", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is UnlinkCommand);
    }

    /// <summary>
    /// From 3.5 the property's writeback pass is the flusher's and holds no inode reference
    /// (docs/eras.md section 121): an evict() that does not wait for I_SYNC frees the inode under
    /// the pass, and the pass touches it as it takes i_lock again after do_writepages.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void An_evict_that_skips_the_I_SYNC_wait_frees_the_inode_under_the_flusher_s_pass(KernelEra era)
    {
        var (failure, shrunk) = Caught(new Faults { EvictSkipsInodeWritebackWait = true }, era);

        Assert.Contains("use-after-free: __writeback_single_inode touched inode 1 after", failure.Message);
        Assert.True(shrunk.Commands.Length <= 3, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is UnlinkCommand);
        Assert.Contains(shrunk.Commands, c => c is WritebackCommand);
    }

    /// <summary>
    /// 2.6.36's wb_writeback: a flush whose pass wrote nothing (a writeback holds the file's I_SYNC;
    /// in the model a write must dirty it again, see below) waits on the tail of b_more_io with no inode reference; the unlink
    /// and the writeback's end free the inode, and the woken flusher reads it: the use-after-free
    /// 169ebd90131b (3.5) fixed, found by the property and shrunk (docs/eras.md section 127).
    /// </summary>
    [Fact]
    public void Before_3_5_the_flush_s_wait_on_b_more_io_touches_the_inode_the_last_close_freed()
    {
        var (failure, shrunk) = Caught(Faults.None, KernelEra.V2_6_36, FlusherRun);

        Assert.Contains("use-after-free: inode_wait_for_writeback touched inode 1 after", failure.Message);
        AssertFlushWaitedOnAFreedInode(failure, shrunk);

        // The model's shape, not the kernel's: 2.6.36's writeback_single_inode clears
        // I_DIRTY_PAGES as the pass begins but leaves the inode on its list until the pass ends,
        // so the kernel's flush meets it, requeue_io()s it and waits with no write. The model
        // puts an inode on the walk's lists from its state bits (DirtyInodesOldestFirst,
        // TakeIo), so there only a write while the writeback runs (I_DIRTY_PAGES again) lets the
        // flush meet the file: an under-approximation (docs/eras.md section 127, open).
        Assert.Contains(shrunk.Commands, c => c is WriteCommand);
    }

    /// <summary>
    /// From 3.5 the wait touches no inode once woken, so the property holds (<see cref="Holds"/>);
    /// with the old wait put back (<see cref="Faults.FlusherWaitRetakesInode"/>) the property
    /// catches it on 3.19 and 6.9, shrunk to the same commands but the write (I_DIRTY_PAGES stays
    /// set through the pass from 3.6, so the model's flush meets the file without one, as the
    /// kernel's does in every era).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_flusher_wait_that_retakes_the_inode_s_lock_is_caught_by_the_property(KernelEra era)
    {
        var (failure, shrunk) = Caught(new Faults { FlusherWaitRetakesInode = true }, era, FlusherRun);

        Assert.Contains("use-after-free: inode_sleep_on_writeback touched inode 1 after", failure.Message);
        AssertFlushWaitedOnAFreedInode(failure, shrunk);
    }

    /// <summary>
    /// The matrix's seed and size ramp with the 2.6.36 cell's budget: the race needs a paused
    /// writeback, a write (the model's, see above), the flush and the unlink in order (about one
    /// case in 16,000 on 2.6.36).
    /// </summary>
    private static readonly PropertyOptions FlusherRun = PropertyOptions.Default with
    {
        MaxTest = 100_000,
        Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma),
        SizeRamp = EraProperty.SizeRamp,
    };

    /// <summary>The report names the flush as the toucher and the shrunk case keeps a writeback, the flush and the unlink, in no more than six commands.</summary>
    private static void AssertFlushWaitedOnAFreedInode(PropertyFailedException failure, WritebackCase shrunk)
    {
        Assert.Contains("(flush ", failure.Message);
        Assert.True(shrunk.Commands.Length <= 6, shrunk.ToString());
        Assert.Contains(shrunk.Commands, c => c is FlushCommand);
        Assert.Contains(shrunk.Commands, c => c is UnlinkCommand);
        Assert.Contains(shrunk.Commands, c => c is WritebackCommand);
    }

    private (PropertyFailedException Failure, WritebackCase Shrunk) Caught(Faults faults, KernelEra? era = null, PropertyOptions? options = null)
    {
        WritebackCase? last = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.UnlinkName,
            WritebackProperties.NoLostWriteUntilUnlink(era, faults: faults, onFailure: c => last = c),
            options ?? FaultRun));
        output.WriteLine(failure.Message);
        Assert.NotNull(last);
        return (failure, last);
    }
}
