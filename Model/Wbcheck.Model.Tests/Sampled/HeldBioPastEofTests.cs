using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5.12's mpage_bio_writepage leaves out a page wholly past i_size (a truncate that has set
/// the size and not yet taken the page) and writes nothing for it [R]. Three dirty pages, i_size
/// cut to exactly two pages before the pass: end_index is 2 and the offset in the last page 0, so
/// page 2 is left out by the branch for a page-aligned size ("page-&gt;index &gt;= end_index"
/// with no offset), not by "&gt;= end_index + 1", which is for a partial last page (review25).
/// The model's SimpleFs tests "index &gt;= pages of i_size", the union of the two. Run on 6.9:
/// the held bio is a SimpleFs option, not an era behaviour, so any era would do.
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
