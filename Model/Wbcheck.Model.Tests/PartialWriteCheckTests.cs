using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A write of a page in part is a write like any other for the checks made as a write starts.
/// ext4_bio_write_page (fs/ext4/page-io.c, 3.16) zeroes the tail of the page straddling i_size
/// before it submits any of its buffers, mapped or not ("on each and every writepage
/// invocation"), so the partial write, which a background pass makes and does not follow with a
/// whole one, must carry a zeroed tail as well.
/// </summary>
public sealed class PartialWriteCheckTests
{
    private const int Offset = 100;

    /// <summary>Two pages, page 1 written in part, truncated into its middle, then stored to through its mapping past the new EOF.</summary>
    private static World StoredPastEofOfAPartialPage(Faults faults)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V6_9, Faults = faults },
            fs: new SimpleFsOptions { PartialPages = new HashSet<long> { 1 } });
        world.Kernel.Observers.Add(new EofTailZeroed());
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Run(() => world.Kernel.Truncate.TruncateSetsizeBytes(world.Inode, Page.PageSize + Offset));
        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 1)));
        Assert.Equal(Page.PageSize, world.Page(1).ZeroFrom);
        return world;
    }

    private static WritebackControl Background() => new() { SyncMode = WritebackSyncMode.None, NrToWrite = 16 };

    [Fact]
    public void A_background_pass_writing_the_eof_page_in_part_zeroes_its_tail()
    {
        var world = StoredPastEofOfAPartialPage(Faults.None);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Background()));

        // Written in part: redirtied, its writeback already over, and its tail zeroed.
        Assert.True(world.Page(1).Dirty);
        Assert.False(world.Page(1).Writeback);
        Assert.Equal(Offset, world.Page(1).ZeroFrom);
    }

    [Fact]
    public void A_partial_write_that_skips_the_zeroing_is_caught_as_it_starts()
    {
        var world = StoredPastEofOfAPartialPage(new Faults { SimpleFsSkipsZeroingPastEof = true });

        // Only the partial write starts in this pass (a background pass has no second walk),
        // so it is the one the check must see.
        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Pw.DoWritepages(world.Mapping, Background())));

        Assert.Equal(EofTailZeroed.Name, violation.Invariant);
        Assert.Contains($"page 1 of inode 1 straddles i_size {Page.PageSize + Offset} but starts writeback with its bytes {Offset}-{Page.PageSize - 1} past i_size not zeroed", violation.Message);
    }
}
