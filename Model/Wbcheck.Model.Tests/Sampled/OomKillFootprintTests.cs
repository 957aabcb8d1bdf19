using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// out_of_memory's choice depends on the victims other tasks' OOM kills left (a live victim makes
/// it abort: select_bad_process's ERR_PTR(-1) in 2.6.x, OOM_SCAN_ABORT in 3.x [R]), and its kill
/// makes the next one abort. So two tasks' out_of_memory must conflict: the model's footprint of
/// the victims is the allocator's id, written by each call, or the partial-order reduction would
/// take the two for independent and run only one of their orders (the one whose task is killed).
/// </summary>
public sealed class OomKillFootprintTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    public void Two_tasks_out_of_memory_conflict(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var oom = world.Kernel.PageAlloc.Oom;
        ulong[] first = [], second = [];
        world.Runtime.Run("a", () =>
        {
            first = RecordedAccesses.Of(() => oom.OutOfMemory("a page"));
            return Task.CompletedTask;
        });
        world.Runtime.Run("b", () =>
        {
            second = RecordedAccesses.Of(() => oom.OutOfMemory("a page"));
            return Task.CompletedTask;
        });

        // a is killed, b's call aborts on a's live victim.
        Assert.Single(oom.Kills);
        Assert.Equal(1, oom.Aborts);
        var allocatorWrite = (AccessIds.Of(AccessIds.Subsystem.PageAlloc) << 1) | 1;
        Assert.Contains(allocatorWrite, first);
        Assert.Contains(allocatorWrite, second);
    }
}
