using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5.12's generic_writeback_mapping with mpage_bio_writepage and mpage_bio_flush, as its comment
/// describes them: pages are gathered into one bio, held locked, and the bio goes when it is full
/// (BIO_MAX_PAGES pages) or when the pass ends. Three dirty pages make one bio when a bio holds
/// four, and two (two pages, then the last one at the end of the pass) when it holds two; never a
/// bio a page.
/// </summary>
public sealed class HeldBioFullTests
{
    [Theory]
    [InlineData(4, 1)]
    [InlineData(2, 2)]
    public void The_held_bio_goes_when_full_or_when_the_pass_ends(int bioMaxPages, int bios)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V6_9, BioMaxPages = bioMaxPages },
            fs: new SimpleFsOptions { AggregateWritepages = true, KeepPagesLockedInBio = true });

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.Equal(bios, world.Kernel.Device.SubmittedCount);
        for (var index = 0; index < 3; index++)
        {
            Assert.True(world.Page(index).Writeback);
            Assert.False(world.Page(index).Locked || world.Page(index).Dirty);
        }

        world.CompleteAllIo();
        world.AssertInvariants();
    }
}
