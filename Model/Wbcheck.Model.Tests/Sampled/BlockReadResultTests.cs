using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_read_full_page (fs/buffer.c, 4.9) returns 0 once it has submitted the reads: the read's
/// outcome reaches the reader through the page (PG_uptodate, PG_error, the unlock), not through
/// the return value, which is an error only when the page cannot be read at all. A page wholly in
/// a hole has no block to read ("if (!nr)"): it zeroes the buffers, sets the page uptodate,
/// unlocks it and returns 0 too.
/// </summary>
public sealed class BlockReadResultTests
{
    [Fact]
    public void Block_read_full_page_returns_0_with_its_reads_in_flight()
    {
        var (result, runtime, _) = Read("block-size 1024\ni-size 4096\nextent 0-3 at 10\ncached 0\n");

        Assert.Equal(0, result);
        Assert.Equal(4, runtime.Pending.Count);
    }

    [Fact]
    public void A_page_in_a_hole_is_made_uptodate_and_unlocked_with_0_and_no_read()
    {
        var (result, runtime, page) = Read("block-size 1024\ni-size 4096\ncached 0\n");

        Assert.Equal(0, result);
        Assert.Empty(runtime.Pending);
        Assert.True(page.Uptodate);
        Assert.False(page.Locked);
    }

    /// <summary>Lock page 0 of <paramref name="layout"/>'s file, not uptodate, and read it with block_read_full_page.</summary>
    private static (int Result, SequentialRuntime Runtime, Page Page) Read(string layout)
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse(layout), BioOp.Read);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;
        page.Uptodate = false;
        var result = -1;

        runtime.Run("read", async () =>
        {
            await run.Kernel.Filemap.FolioLock(page);
            result = await run.Fs.Buffers.BlockReadFullPage(page, run.Fs.GetBlock);
        });

        return (result, runtime, page);
    }
}
