using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// mpage_readpages (fs/mpage.c, 4.9): a page add_to_page_cache_lru cannot insert because one is
/// cached at its index already (-EEXIST: another reader put it there since readahead looked) is
/// only put; the cached page is left as it is, and the pages after it are read.
/// </summary>
public sealed class ReadaheadCachedPageTests
{
    [Fact]
    public void Readahead_passes_over_an_index_already_cached_and_reads_the_rest()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 12288\nextent 0-11 at 40\ncached 1\n"), BioOp.Read);
        var mapping = run.Inode.Mapping;
        var cached = mapping.Pages.Load(1)!;
        var runtime = (SequentialRuntime)run.Kernel.Runtime;

        runtime.Run("readahead", async () => run.Result = await run.Fs.Mpage.MpageReadpages(mapping, [0, 1, 2], run.Fs.GetBlock));
        runtime.RunAllPending();

        Assert.Same(cached, mapping.Pages.Load(1));
        Assert.All(new long[] { 0, 1, 2 }, index => Assert.True(mapping.Pages.Load(index)!.Uptodate, $"page {index}"));
        Assert.All(new long[] { 0, 1, 2 }, index => Assert.False(mapping.Pages.Load(index)!.Locked, $"page {index}"));
        Assert.DoesNotContain(run.Log.Records.Where(r => r.Bio is not null).SelectMany(r => r.Bio!.Vecs), vec => vec.Page == cached);
    }
}
