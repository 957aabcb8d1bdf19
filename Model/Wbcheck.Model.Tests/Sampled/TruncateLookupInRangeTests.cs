using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_pages_range's first pass looks up only inside the range: "while (index &lt; end
/// &amp;&amp; find_lock_entries(mapping, &amp;index, end - 1, ...))", so once a batch brings the index to
/// the range's end there is no further lookup (and no preemption point for one). Truncating pages
/// 0 and 1 of four takes both in one batch and looks up once, at 0; the second pass looks once,
/// at 0, finds nothing and ends; pages 2 and 3 stay.
/// </summary>
public sealed class TruncateLookupInRangeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_first_pass_does_not_look_up_past_the_range_s_end(KernelEra era)
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, KernelConfig.Default with { Era = era });
        var inode = kernel.CreateInode(4, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default));
        for (var index = 0; index < 4; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        runtime.Inner.Run("truncate", async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, (2 * Page.PageSize) - 1));

        // Before 5.12 both passes' lookups are pagevec_lookup_entries: the first pass's at 0, then the second's.
        string[] lookups = [kernel.Names.FindLockEntries, kernel.Names.FindGetEntries];
        Assert.Equal([0L, 0L], runtime.Points.Where(point => lookups.Contains(point.Label.Function)).Select(point => point.Label.Arg));
        Assert.Null(inode.Mapping.Pages.Load(1));
        Assert.NotNull(inode.Mapping.Pages.Load(2));
    }
}
