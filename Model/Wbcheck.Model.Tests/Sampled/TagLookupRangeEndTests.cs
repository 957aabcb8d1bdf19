using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// filemap_get_folios_tag (6.9; find_get_pages_range_tag from 4.15): a lookup that reaches the
/// range's end without filling its batch leaves the cursor at end + 1 ("*start = end + 1", or
/// (pgoff_t)-1 for a range to the end of the file, not to overflow it), so the iterator's next
/// lookup, which finds nothing, starts just past the range: the trace's lookup point says so.
/// </summary>
public sealed class TagLookupRangeEndTests
{
    [Fact]
    public void A_pass_over_pages_0_to_3_looks_up_from_0_then_from_4()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V6_9 });
        var inode = kernel.CreateInode(8, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 8; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        // fsync of pages 0-3: four dirty pages, fewer than a batch (31).
        runtime.Inner.Run("fsync", async () =>
            await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity(0, (4 * Page.PageSize) - 1)));

        Assert.Equal([0L, 4L], runtime.Points.Where(point => point.Label.Function == "filemap_get_folios_tag").Select(point => point.Label.Arg));
        Assert.Equal(4, kernel.Vmstat.NrFileDirty);
    }
}
