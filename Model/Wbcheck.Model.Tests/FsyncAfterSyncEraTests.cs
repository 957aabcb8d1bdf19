using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// fsync after a sync(2) whose write failed with -EIO, era by era (docs/audit.md). Before
/// errseq sync(2)'s integrity wait (filemap_fdatawait from __sync_single_inode and its
/// successors) test-and-cleared the AS_* bits, so the fsync that followed was told nothing,
/// until global sync waited with filemap_fdatawait_keep_errors (4.4 or 4.5; of the model's
/// eras, 4.13, where errseq tells the file anyway). The write fails at the device (end_io with
/// -EIO, the page left clean): a -&gt;writepage that refuses with -EIO redirties the page, and the
/// background writeout sync(2) wakes first would then retry it for as long as it fails (the
/// 3.19 to 5.0 flusher spins on such a page, docs/eras.md section 16).
/// </summary>
public sealed class FsyncAfterSyncEraTests
{
    /// <summary>Two dirty pages on a disk whose every write completes with -EIO until a test says otherwise.</summary>
    private static World SyncWithFailingDisk(KernelEra era)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        world.Runtime.RunPendingWhenBlocked = true;
        return world;
    }

    [Theory]
    [InlineData(KernelEra.V2_5, 0)]
    [InlineData(KernelEra.V2_6_20, 0)]
    [InlineData(KernelEra.V2_6_29, 0)]
    [InlineData(KernelEra.V2_6_36, 0)]
    [InlineData(KernelEra.V3_19, 0)]
    [InlineData(KernelEra.V4_13, Errno.EIO)]
    [InlineData(KernelEra.V4_17, Errno.EIO)]
    [InlineData(KernelEra.V6_9, Errno.EIO)]
    public void Sync_consumes_the_error_a_later_fsync_reports_until_global_sync_keeps_it(KernelEra era, int expected)
    {
        var world = SyncWithFailingDisk(era);
        var file = world.Kernel.Open(world.Inode);

        world.Run(() => world.Kernel.Throttle.DoSync());
        world.CompleteAllIo();

        // The disk recovers: whatever fsync writes now succeeds, so only a recorded error is told.
        world.Runtime.Chooser = (_, _) => 0;
        Assert.Equal(expected, world.Run(() => world.Fs.Fsync(file, 0, WritebackControl.LLongMax)));
    }

    [Fact]
    public void Before_4_13_the_sync_leaves_no_error_bit_and_from_4_13_it_keeps_it()
    {
        foreach (var (era, kept) in new[] { (KernelEra.V3_19, false), (KernelEra.V4_13, true) })
        {
            var world = SyncWithFailingDisk(era);

            world.Run(() => world.Kernel.Throttle.DoSync());
            world.CompleteAllIo();

            Assert.Equal(kept, (world.Mapping.Flags & AddressSpaceFlags.Eio) != 0);
        }
    }
}
