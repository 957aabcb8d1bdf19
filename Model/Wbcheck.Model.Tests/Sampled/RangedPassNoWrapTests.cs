using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// generic_writepages of 2.6.20: only a range_cyclic pass wraps to 0 when its first lookup finds
/// nothing; a ranged pass sets "scanned = 1" before it starts, so one whose range holds no dirty
/// page ends after that lookup, and never writes the dirty pages before its range.
/// </summary>
public sealed class RangedPassNoWrapTests
{
    [Fact]
    public void A_ranged_pass_over_clean_pages_looks_up_once_and_leaves_the_dirty_pages_before_it()
    {
        var runtime = new RecordingRuntime(bound: 100);
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20 });
        var inode = kernel.CreateInode(4, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 4; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: index < 2);
        }

        var result = -1;
        // fsync of pages 2-3 (clean); pages 0 and 1 are dirty.
        runtime.Inner.Run("fsync", async () =>
            result = await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity(2 * Page.PageSize, (4 * Page.PageSize) - 1)));

        Assert.Equal(0, result);
        Assert.Equal([2L], runtime.Points.Where(point => point.Label.Function == "pagevec_lookup_tag").Select(point => point.Label.Arg));
        Assert.Equal(0, kernel.Device.SubmittedCount);
        Assert.Equal(2, kernel.Vmstat.NrFileDirty);
    }
}
