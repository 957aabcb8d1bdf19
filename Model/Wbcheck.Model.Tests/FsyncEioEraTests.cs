using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// fsync after a -&gt;writepage that returns -EIO, era by era (docs/audit.md). 2.6.29's vfs_fsync
/// waits whatever the write returned and its wait consumes the AS_* bits. From 2.6.32 to 4.12
/// fsync is filemap_write_and_wait_range, which neither waits after -EIO nor reads the bits
/// (they were read only in the wait), so the next fsync is told again. From 4.13 the bits are
/// cleared on that path and errseq tells each file once.
/// </summary>
public sealed class FsyncEioEraTests
{
    /// <summary>
    /// Two dirty pages; page 1's -&gt;writepage fails with -EIO, after page 0 went to the disk,
    /// until a test takes 1 out of <paramref name="failing"/>.
    /// </summary>
    private static World EioOnPage1(KernelEra era, HashSet<long>? failing = null)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions
        {
            FailingPages = failing ?? [1],
            FailingErrors = new Dictionary<long, int> { [1] = Errno.EIO },
        });
        world.Runtime.RunPendingWhenBlocked = true;
        return world;
    }

    private static int Fsync(World world, OpenFile file, long start, long end) =>
        world.Run(() => world.Fs.Fsync(file, start, end));

    [Fact]
    public void From_2_6_32_to_4_12_an_eio_write_is_not_waited_on_and_the_next_fsync_is_told_again()
    {
        var world = EioOnPage1(KernelEra.V3_19);
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(Errno.EIO, Fsync(world, file, 0, WritebackControl.LLongMax));
        Assert.True(world.Page(0).Writeback); // its I/O still in flight: not waited on
        Assert.True((world.Mapping.Flags & AddressSpaceFlags.Eio) != 0);

        // An fsync of page 0 alone, which writes nothing that fails, waits and reads AS_EIO.
        Assert.Equal(Errno.EIO, Fsync(world, file, 0, Page.PageSize - 1));
        Assert.False(world.Page(0).Writeback);
        Assert.Equal(0, Fsync(world, file, 0, Page.PageSize - 1));
    }

    /// <summary>
    /// fsync(2) had no range before 2.6.32 (2.6.29's vfs_fsync and 2.6.20's do_fsync call
    /// filemap_fdatawrite): a ranged fsync of the model writes the whole file there, and only its
    /// range from 3.19's filemap_write_and_wait_range on.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V3_19, false)]
    public void Before_2_6_32_fsync_writes_the_whole_file(KernelEra era, bool wholeFile)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(0, Fsync(world, file, 0, Page.PageSize - 1));

        Assert.False(world.Page(0).Dirty);
        Assert.Equal(!wholeFile, world.Page(1).Dirty);
    }

    [Fact]
    public void In_2_6_29_fsync_waits_after_an_eio_write_and_consumes_the_error()
    {
        HashSet<long> failing = [1];
        var world = EioOnPage1(KernelEra.V2_6_29, failing);
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(Errno.EIO, Fsync(world, file, 0, WritebackControl.LLongMax));
        Assert.False(world.Page(0).Writeback);

        // The disk recovers: the next fsync (of the whole file, as every fsync then) is not told
        // of the error the first consumed.
        failing.Remove(1);
        Assert.Equal(0, Fsync(world, file, 0, Page.PageSize - 1));
    }

    [Fact]
    public void From_4_13_the_eio_path_clears_the_legacy_bits_and_errseq_tells_the_file_once()
    {
        var world = EioOnPage1(KernelEra.V4_13);
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(Errno.EIO, Fsync(world, file, 0, WritebackControl.LLongMax));
        Assert.True(world.Page(0).Writeback);
        Assert.True((world.Mapping.Flags & AddressSpaceFlags.Eio) == 0);
        Assert.Equal(0, Fsync(world, file, 0, Page.PageSize - 1));
    }

    /// <summary>
    /// filemap_fdatawait of 2.6.2x returns 0 for an empty file without reading the AS_* bits (read
    /// in 2.6.24), so fsync of a file truncated to 0 after a failed write is not told; so does
    /// filemap_write_and_wait_range (2.6.36's fsync) until 3.10, which reads them when the
    /// mapping has no pages.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, 0, true)]
    [InlineData(KernelEra.V2_6_36, 0, true)]
    [InlineData(KernelEra.V3_19, Errno.EIO, false)]
    public void An_error_left_on_a_file_truncated_to_nothing(KernelEra era, int expected, bool left)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 0));

        Assert.Equal(expected, Fsync(world, file, 0, WritebackControl.LLongMax));
        Assert.Equal(left, (world.Mapping.Flags & AddressSpaceFlags.Eio) != 0);
    }

    [Fact]
    public void The_kernel_internal_form_of_4_12_leaves_the_bits_and_of_4_13_clears_them()
    {
        foreach (var (era, left) in new[] { (KernelEra.V3_19, true), (KernelEra.V4_13, false) })
        {
            var world = EioOnPage1(era);

            Assert.Equal(Errno.EIO, world.Run(() => world.Filemap.FilemapWriteAndWaitRange(world.Mapping, 0, WritebackControl.LLongMax)));
            Assert.Equal(left, (world.Mapping.Flags & AddressSpaceFlags.Eio) != 0);
        }
    }
}
