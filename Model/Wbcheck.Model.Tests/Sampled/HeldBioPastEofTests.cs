using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5.12's mpage_bio_writepage leaves out a page wholly past i_size (a truncate that has set
/// the size and not yet taken the page: "if (page->index &gt;= end_index + 1)" unlocks it and
/// writes nothing) [R]. Three dirty pages, i_size cut to two pages before the pass: the first
/// page past the end (index 2 = i_size's page count) is not written.
/// </summary>
public sealed class HeldBioPastEofTests
{
    [Fact]
    public void The_first_page_wholly_past_i_size_is_not_written()
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V6_9, BioMaxPages = 4 },
            fs: new Fs.SimpleFsOptions { AggregateWritepages = true, KeepPagesLockedInBio = true });
        world.Inode.Size = 2 * Page.PageSize;

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.False(world.Page(2).Writeback || world.Page(2).Locked);
        world.CompleteAllIo();
    }
}
