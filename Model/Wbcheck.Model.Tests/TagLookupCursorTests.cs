using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Where the tagged lookup leaves the cursor of write_cache_pages and of the writeback wait
/// (KernelEras.TagLookupEndsAtRangeEnd). Before 4.15 pagevec_lookup_tag left it just past the last
/// page found and the walk looked again until a lookup found nothing, so a page tagged ahead of
/// the cursor during the pass was taken by it; from 72b045aecdd8 (4.15, the model's 4.17 era) a
/// batch that is not full moves the cursor to end + 1 and the walk ends there.
/// </summary>
public sealed class TagLookupCursorTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V4_20, false)]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_page_dirtied_ahead_of_the_cursor_during_the_pass_is_written_until_4_15(KernelEra era, bool written)
    {
        // Page 0 alone is dirty: the first lookup's batch (31) is far from full. Writing it
        // dirties page 2, ahead of the cursor.
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = era });
        world.Run(() => world.Pw.FolioMarkDirty(world.Page(0)));
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 };
        var seen = new List<long>();

        world.Run(() => world.Pw.WriteCachePages(world.Mapping, wbc, async (page, _) =>
        {
            seen.Add(page.Index);
            if (page.Index == 0)
            {
                await world.Pw.FolioMarkDirty(world.Page(2));
            }

            world.Filemap.FolioUnlock(page);
            return 0;
        }));

        Assert.Equal(written ? [0L, 2L] : [0L], seen);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void The_wait_waits_on_a_page_put_under_writeback_ahead_of_it_until_4_15(KernelEra era, bool waited)
    {
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = era });
        world.Run(async () =>
        {
            await world.Pw.FolioMarkDirty(world.Page(0));
            await world.Pw.FolioMarkDirty(world.Page(2));
        });

        // Runs while the wait sleeps on page 0, before page 0's I/O completes: another writer
        // puts page 2 under writeback, ahead of the wait's cursor.
        world.Runtime.Spawn("writer", async () =>
            await world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 2L << WritebackControl.PageShift, RangeEnd = (3L << WritebackControl.PageShift) - 1 }));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeEnd = (1L << WritebackControl.PageShift) - 1 }));
        Assert.True(world.Page(0).Writeback && world.Page(2).Dirty && !world.Page(2).Writeback);

        world.Runtime.RunPendingWhenBlocked = true;
        world.Run(() => world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax));

        Assert.False(world.Page(0).Writeback);
        Assert.Equal(!waited, world.Page(2).Writeback);
    }
}
