using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_kupdate of 2.6.20: a pass that leaves some of its chunk unspent has written all the old
/// data ("if (wbc.nr_to_write &gt; 0) { if (wbc.encountered_congestion) congestion_wait(...);
/// else break; /* All the old data is written */ }"): with one page of the chunk left, the run
/// ends after that pass.
/// </summary>
public sealed class KupdateBudgetLeftTests
{
    [Fact]
    public void A_pass_that_leaves_one_page_of_its_chunk_ends_the_run()
    {
        // Chunks of 4 pages; one file with 3 dirty pages, old by the time kupdate runs.
        var runtime = new RecordingRuntime(bound: 500);
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20, Machine = new Machine { MaxWritebackPages = 4 } });
        var inode = kernel.CreateInode(3, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 3; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        kernel.Timers.Advance(kernel.Throttle.Sysctls.DirtyExpireInterval + 1);

        runtime.Inner.Run("pdflush", async () => await kernel.Throttle.WbKupdate(0));

        // One pass (one writeback_inodes): it wrote the 3 pages with 1 of its 4 left.
        Assert.Equal(3, kernel.Device.SubmittedCount);
        Assert.Equal(1, runtime.Count("writeback_inodes"));
    }
}
