using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A -&gt;writepage that returns -EAGAIN (a filesystem that cannot write the page now): every era's
/// walk treats it as any other error, never as AOP_WRITEPAGE_ACTIVATE and never retried
/// (do_writepages' retry loop, 4.12 on, retries only -ENOMEM under WB_SYNC_ALL: EnomemTests). 2.6.20's walk records it in the mapping's bits and returns 0, and writes
/// the rest of its batch; later walks return it. Background writeout stops at it; integrity writeback stops too until 5.0,
/// and goes on from 5.0 returning it; mapping_set_error records it as AS_EIO (only -ENOSPC has
/// its own bit) and, in the errseq (4.13 on), as -EAGAIN itself.
/// </summary>
public sealed class EagainTests
{
    private static readonly SimpleFsOptions Page1Eagain = new()
    {
        FailingPages = new HashSet<long> { 1 },
        FailingErrors = new Dictionary<long, int> { [1] = Errno.EAGAIN },
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20, new long[] { 0, 2, 3 })]
    [InlineData(KernelEra.V2_6_29, new long[] { 0 })]
    [InlineData(KernelEra.V4_13, new long[] { 0 })]
    [InlineData(KernelEra.V5_0, new long[] { 0 })]
    [InlineData(KernelEra.V6_9, new long[] { 0 })]
    public void Background_writeout_stops_at_an_eagain_and_leaves_the_page_dirty(KernelEra era, long[] written)
    {
        // 2.6.20's error ends the pass only at the next lookup: the rest of its batch is written.
        var world = new World(pages: 4, config: KernelConfig.Default with { Era = era }, fs: Page1Eagain);

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 }));

        Assert.Equal(Returned(era), result);
        Assert.Equal(written, UnderWriteback(world));
        Assert.True(world.Page(1).Dirty);
        if (era >= KernelEra.V4_13)
        {
            Assert.Equal(Errno.EAGAIN, world.Mapping.WbErr.Error);
        }

        Assert.NotEqual(default, world.Mapping.Flags & AddressSpaceFlags.Eio);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, new long[] { 0, 2, 3 })]
    [InlineData(KernelEra.V2_6_29, new long[] { 0 })]
    [InlineData(KernelEra.V4_20, new long[] { 0 })]
    [InlineData(KernelEra.V5_0, new long[] { 0, 2, 3 })]
    [InlineData(KernelEra.V6_9, new long[] { 0, 2, 3 })]
    public void Integrity_writeback_goes_past_an_eagain_only_from_5_0(KernelEra era, long[] written)
    {
        var world = new World(pages: 4, config: KernelConfig.Default with { Era = era }, fs: Page1Eagain);

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Returned(era), result);
        Assert.Equal(written, UnderWriteback(world));
        Assert.True(world.Page(1).Dirty);
        world.AssertInvariants();
    }

    /// <summary>2.6.20's generic_writepages (mpage_writepages) records the error in the mapping's bits and returns 0.</summary>
    private static int Returned(KernelEra era) => era == KernelEra.V2_6_20 ? 0 : Errno.EAGAIN;

    private static List<long> UnderWriteback(World world) =>
        [.. world.Kernel.CachedPages().Where(p => p.Writeback).Select(p => p.Index)];
}
