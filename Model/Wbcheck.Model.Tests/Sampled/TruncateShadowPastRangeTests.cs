using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_pages_range clears the shadow entries of its own range only: the second pass's
/// lookups go up to end - 1 and remove what they find there, shadows included (6.9's
/// truncate_folio_batch_exceptionals over find_get_entries(mapping, &amp;index, end - 1, ...)) [R]. A
/// shadow just past the range (reclaim took the next page) stays, for the refault it records.
/// </summary>
public sealed class TruncateShadowPastRangeTests
{
    [Fact]
    public void A_shadow_just_past_the_range_stays()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V6_9 });
        var inode = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        var page1 = inode.Mapping.Pages.Load(1)!;
        var runtime = (SequentialRuntime)kernel.Runtime;
        var result = ReclaimResult.Kept;
        runtime.Run("reclaim", async () => result = await kernel.Vmscan.ReclaimFolio(page1));
        Assert.Equal((ReclaimResult.Freed, 1L), (result, inode.Mapping.ShadowCount));

        runtime.Run("truncate", async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, Page.PageSize - 1));

        Assert.Equal((0L, 1L), (inode.Mapping.NrPages, inode.Mapping.ShadowCount));
    }
}
