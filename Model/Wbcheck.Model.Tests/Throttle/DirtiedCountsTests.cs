using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The cumulative dirtying counts: a task's count follows the task across the threads it runs
/// as, a -&gt;writepage redirty takes back what its dirtying added, a completed writeback counts
/// as written, and the eras before 2.6.37 count nothing.
/// </summary>
public sealed class DirtiedCountsTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 2, 2, 0)]
    [InlineData(KernelEra.V6_9, 2, 2, 0)]
    [InlineData(KernelEra.V2_6_36, 0, 0, 0)]
    public void A_declined_page_counts_once_and_a_written_one_once_written(KernelEra era, long dirtied, int writerCount, int flusherCount)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era });
        var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default with { FailingPages = new HashSet<long> { 1 } })));
        var writer = new TaskStruct { Comm = "writer" };
        var flusher = new TaskStruct { Comm = "flusher" };

        // Two writes, each on a thread of its own, by one task.
        foreach (var index in new long[] { 0, 1 })
        {
            runtime.Run("writer", async () =>
            {
                kernel.Throttle.AttachTask(writer);
                await kernel.Filemap.GenericPerformWrite(file, index);
            });
        }

        // Page 0 is written; page 1 is declined and redirtied by the flusher.
        runtime.Run("flusher", async () =>
        {
            kernel.Throttle.AttachTask(flusher);
            await kernel.PageWriteback.DoWritepages(file.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.All, NrToWrite = 16, RangeEnd = long.MaxValue });
        });
        runtime.RunAllPending();

        Assert.Equal(dirtied, kernel.Vmstat.NrDirtied);
        Assert.Equal(era >= KernelEra.V3_19 ? 1 : 0, kernel.Vmstat.NrWritten);
        Assert.Equal(1, kernel.Vmstat.NrFileDirty);
        Assert.Equal(writerCount, kernel.Throttle.DirtiedBy(writer).NrDirtied);
        Assert.Equal(flusherCount, kernel.Throttle.DirtiedBy(flusher).NrDirtied);
        Assert.Equal(TaskDirtied.InitialNrDirtiedPause, kernel.Throttle.DirtiedBy(writer).NrDirtiedPause);
    }
}
