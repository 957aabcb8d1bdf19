using Wbcheck.Model.Fs;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Where another thread may run: spinning for the tree lock (xa_lock_irq, spin_lock_irq of
/// tree_lock before) is a preemption point before the lock is held, and __bread of a metadata
/// block not cached (an indirect block get_block must read) submits a read and waits for it.
/// </summary>
public sealed class SpinLockPointTests
{
    [Fact]
    public void Taking_the_tree_lock_is_a_preemption_point()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime);
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));

        runtime.Inner.Run("readahead", async () => await kernel.Filemap.AddToPageCacheLru(inode.Mapping, 0));

        Assert.Contains((PointKind.SpinLock, new StepLabel(kernel.Names.AddToPageCacheLru, 0)), runtime.Points);
    }

    [Fact]
    public void Reading_a_metadata_block_not_cached_waits_for_the_read()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime);
        var buffers = new BufferHeads(kernel, new BioLog());

        runtime.Inner.Run("get_block", async () => await buffers.Bread(77, 1024));
        runtime.Inner.Run("get_block", async () => await buffers.Bread(77, 1024)); // cached now: no read

        Assert.Equal([(PointKind.SubmitIo, new StepLabel("submit_bh", 77))], runtime.Points.Where(p => p.Kind == PointKind.SubmitIo));
    }
}
