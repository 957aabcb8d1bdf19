using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The -&gt;writepages that holds its pages locked until it sends their bio (2.5.12's
/// generic_writeback_mapping with mpage_bio_writepage and mpage_bio_flush): the bio goes when
/// the pass ends, however few pages it holds, and is submitted; a page the filesystem fails is
/// given back dirty and unlocked, as on every write path of the model filesystem
/// (<see cref="SimpleFsOptions.FailingPages"/>).
/// </summary>
public sealed class HeldBioWritepagesTests
{
    private static World In(int pages, SimpleFsOptions fs) =>
        new(pages: pages, config: new KernelConfig { Era = KernelEra.V6_9 },
            fs: fs with { AggregateWritepages = true, KeepPagesLockedInBio = true });

    [Fact]
    public void A_single_page_held_for_its_bio_is_sent_when_the_pass_ends()
    {
        var world = In(1, new SimpleFsOptions());

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.True(world.Page(0).Writeback);
        Assert.False(world.Page(0).Locked || world.Page(0).Dirty);
        world.CompleteAllIo();
        Assert.False(world.Page(0).Writeback);
        Assert.Equal(world.Page(0).Version, world.Kernel.Device.StableVersion(world.Inode, 0));
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_it_fails_is_given_back_dirty_and_unlocked()
    {
        var world = In(2, new SimpleFsOptions { FailingPages = new HashSet<long> { 0 } });

        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked || world.Page(0).Writeback);
        Assert.True(world.Page(1).Writeback);
        world.CompleteAllIo();
        world.AssertInvariants();
    }
}
