using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

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
        var runtime = new BoundedRuntime(bound: 100);
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_20 });
        var inode = kernel.CreateInode(3, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 3; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        inode.Mapping.WritebackIndex = 2;
        var result = -1;

        runtime.Inner.Inner.Run("flusher", async () =>
            result = await kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeCyclic = true }));

        Assert.Equal(0, result);
        Assert.Equal(2, runtime.Inner.Count("pagevec_lookup_tag"));
        Assert.Equal(0, inode.Mapping.WritebackIndex);
    }

    /// <summary>The recording executor, stopping a path that passes more scheduling points than a pass over three pages can.</summary>
    private sealed class BoundedRuntime(int bound) : IKernelRuntime
    {
        public RecordingRuntime Inner { get; } = new();

        public ModelThread Current => Inner.Current;

        public Preemption Schedule(PointKind kind, StepLabel label)
        {
            if (Inner.Points.Count >= bound)
            {
                throw new InvalidOperationException($"more than {bound} scheduling points: the pass does not end (last: {label})");
            }

            return Inner.Schedule(kind, label);
        }

        public Preemption Sleep(WaitQueue queue, StepLabel label) => Inner.Sleep(queue, label);

        public void WakeAll(WaitQueue queue) => Inner.WakeAll(queue);

        public int Choose(ChoiceKind kind, int count) => Inner.Choose(kind, count);

        public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null) =>
            Inner.Spawn(name, body, firstPoint, firstLabel);

        public void EnterAtomic(string lockName) => Inner.EnterAtomic(lockName);

        public void ExitAtomic() => Inner.ExitAtomic();

        public void Park(Action continuation) => Inner.Park(continuation);
    }
}
