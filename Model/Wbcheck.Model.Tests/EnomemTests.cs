using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests;

/// <summary>
/// do_writepages and a transient -ENOMEM, era by era: from 4.12 (the 4.13 era on) a WB_SYNC_ALL
/// call is retried until the filesystem gets its memory, after congestion_wait(HZ/50) until 5.15
/// and reclaim_throttle's HZ/10 from 5.16 (the 6.9 era); before, and for WB_SYNC_NONE in every
/// era, the -ENOMEM is returned with the page left dirty.
/// </summary>
public sealed class EnomemTests
{
    private static SimpleFsOptions Enomem(long page, int times, bool aggregate) => new()
    {
        AggregateWritepages = aggregate,
        TransientEnomem = new Dictionary<long, int> { [page] = times },
    };

    // A one-page file: no other write is in flight while the retry waits, so the wait's whole
    // timeout passes (with one in flight, congestion_wait would end at its completion, which the
    // sequential executor cannot run in the middle of an operation).

    [Theory]
    [InlineData(KernelEra.V2_6_36, false, 0)]
    [InlineData(KernelEra.V3_19, true, 0)]
    [InlineData(KernelEra.V4_13, true, Timers.Hz / 50)]
    [InlineData(KernelEra.V5_0, false, Timers.Hz / 50)]
    [InlineData(KernelEra.V6_9, true, Timers.Hz / 10)]
    [InlineData(KernelEra.V6_9, false, Timers.Hz / 10)]
    public void Integrity_writeback_retries_a_transient_enomem_from_4_12(KernelEra era, bool aggregate, long waited)
    {
        var world = new World(pages: 1, config: KernelConfig.Default with { Era = era }, fs: Enomem(0, 1, aggregate));

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        var retries = era.RetriesEnomemForIntegrity();
        Assert.Equal(retries ? 0 : Errno.ENOMEM, result);
        Assert.Equal(!retries, world.Page(0).Dirty);
        Assert.Equal(retries, world.Page(0).Writeback);
        Assert.Equal(waited, world.Kernel.Timers.Jiffies);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Each_retry_waits_again_until_memory_is_back(KernelEra era)
    {
        var world = new World(pages: 1, config: KernelConfig.Default with { Era = era }, fs: Enomem(0, 3, aggregate: true));

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(0, result);
        Assert.True(world.Page(0).Writeback);
        Assert.Equal(3 * (era.ThrottlesEnomemRetryOnReclaim() ? Timers.Hz / 10 : Timers.Hz / 50), world.Kernel.Timers.Jiffies);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Background_writeback_returns_the_enomem_in_every_era(KernelEra era)
    {
        var world = new World(pages: 3, config: KernelConfig.Default with { Era = era }, fs: Enomem(1, 1, aggregate: true));

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 }));

        Assert.Equal(Errno.ENOMEM, result);
        Assert.True(world.Page(1).Dirty);
        Assert.Equal(0, world.Kernel.Timers.Jiffies);
        world.AssertInvariants();
    }
}
