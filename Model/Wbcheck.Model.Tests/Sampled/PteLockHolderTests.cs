using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The pte lock (pte_offset_map_lock / pte_unmap_unlock) names its holder while held: a trace
/// shows a thread spinning on it as waiting for that thread ("held by"), and the deadlock
/// analysis follows it. Taking it records the holder; dropping it clears it.
/// </summary>
public sealed class PteLockHolderTests
{
    [Fact]
    public void The_pte_lock_names_the_thread_that_holds_it_until_it_is_dropped()
    {
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        ModelThread? holder = null, self = null, after = new ModelThread(0, "none");

        world.Run(async () =>
        {
            self = world.Runtime.Current;
            await world.Kernel.Memory.PteLock(vma, new StepLabel("test", 0));
            holder = vma.PtlQueue.Holder;
            world.Kernel.Memory.PteUnlock(vma);
            after = vma.PtlQueue.Holder;
        });

        Assert.NotNull(self);
        Assert.Same(self, holder);
        Assert.Null(after);
    }
}
