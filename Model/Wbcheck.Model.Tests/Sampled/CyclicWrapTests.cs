using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// generic_writepages of 2.6.20: a range_cyclic pass whose first lookup from writeback_index
/// finds nothing wraps to 0 once ("scanned = 1; index = 0; goto retry") and then ends, dirty
/// pages or not.
/// </summary>
public sealed class CyclicWrapTests
{
    [Fact]
    public void A_cyclic_pass_over_a_clean_file_looks_up_twice_and_ends()
    {
        // More scheduling points than a pass over three pages can pass: the wrap loops.
        var runtime = new RecordingRuntime(bound: 100);
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20 });
        var inode = kernel.CreateInode(3, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 3; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        inode.Mapping.WritebackIndex = 2;
        var result = -1;

        runtime.Inner.Run("flusher", async () =>
            result = await kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeCyclic = true }));

        Assert.Equal(0, result);
        Assert.Equal(2, runtime.Count("pagevec_lookup_tag"));
        Assert.Equal(0, inode.Mapping.WritebackIndex);
    }
}
