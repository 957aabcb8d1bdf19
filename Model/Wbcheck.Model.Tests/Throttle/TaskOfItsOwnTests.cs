using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Every model thread that runs kernel code is a task of its own, as in the kernel: a thread
/// never attached to a task dirties, and is throttled, as its own task_struct (its share of
/// recent dirtying in task_dirty_limit, 2.6.24 to 3.1; its nr_dirtied pacing, 3.2 on), never as
/// one task shared with every other such thread. 100 pages of memory, booted: a proportion
/// period of 128 dirtyings (period/2 = 64, see <see cref="PerBdiThrottleTests"/>).
/// </summary>
public sealed class TaskOfItsOwnTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Two_unattached_dirtiers_each_have_their_own_share_in_task_dirty_limit(KernelEra era)
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = era });
        world.Throttle.PageWritebackInit();
        var heavy = Dirty(world, "heavy", pages: 40);
        var light = Dirty(world, "light", pages: 8);

        // 48 dirtyings in the first half-period: x / (64 + 48) each. The old sharing read both
        // threads' share as TaskStruct.Ordinary's, which nothing counted: 0, and no lowering.
        Assert.NotSame(heavy.Task, light.Task);
        Assert.Equal((40UL, 104UL), heavy.ShareWhenDone);
        Assert.Equal((8UL, 112UL), light.ShareWhenDone);
        Assert.Equal((40UL, 112UL), world.Throttle.TaskDirtiesFraction(heavy.Task));
        Assert.Equal(400UL - (50 * 40 / 112), world.Throttle.TaskDirtyLimit(heavy.Task, 400));
        Assert.Equal(400UL - (50 * 8 / 112), world.Throttle.TaskDirtyLimit(light.Task, 400));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Two_unattached_dirtiers_each_pace_by_their_own_nr_dirtied(KernelEra era)
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = era });
        var first = Dirty(world, "first", pages: 5);
        var second = Dirty(world, "second", pages: 3);

        // Under nr_dirtied_pause (32 pages) neither looked at dirty memory: their counts stand.
        Assert.Equal(5, world.Throttle.DirtiedBy(first.Task).NrDirtied);
        Assert.Equal(3, world.Throttle.DirtiedBy(second.Task).NrDirtied);
        Assert.Equal(TaskDirtied.InitialNrDirtiedPause, world.Throttle.DirtiedBy(second.Task).NrDirtiedPause);
        Assert.Equal(0, world.Throttle.DirtiedBy(TaskStruct.Ordinary).NrDirtied);
    }

    [Fact]
    public void An_unattached_thread_s_task_is_named_after_it_and_kept_for_its_life()
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V6_9 });
        var (first, again) = world.Run(() => ValueTask.FromResult((world.Throttle.Current, world.Throttle.Current)));

        Assert.Same(first, again);
        Assert.Equal("test", first.Comm);
        Assert.Equal(0, first.Cpu);
        Assert.NotSame(TaskStruct.Ordinary, first);
    }

    [Fact]
    public void Two_tasks_alike_in_name_and_flags_are_still_two_tasks()
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V6_9 });
        var file = world.Kernel.Open(world.Kernel.CreateInode(0, world.Fs));
        var one = new TaskStruct { Comm = "dd" };
        var other = new TaskStruct { Comm = "dd" };
        world.Run(async () => await world.Kernel.Filemap.GenericPerformWrite(file, 0), one);
        world.Run(async () => await world.Kernel.Filemap.GenericPerformWrite(file, 1), other);
        world.Run(async () => await world.Kernel.Filemap.GenericPerformWrite(file, 2), other);

        Assert.Equal(one, other);
        Assert.Equal(1, world.Throttle.DirtiedBy(one).NrDirtied);
        Assert.Equal(2, world.Throttle.DirtiedBy(other).NrDirtied);
    }

    /// <summary>
    /// Dirty <paramref name="pages"/> pages of a new file on a thread never attached to a task;
    /// the task it ran as, and its share of dirtying as it saw it when done.
    /// </summary>
    private static (TaskStruct Task, (ulong, ulong) ShareWhenDone) Dirty(ThrottleWorld world, string thread, int pages)
    {
        var file = world.Kernel.Open(world.Kernel.CreateInode(0, world.Fs));
        var result = default((TaskStruct, (ulong, ulong)));
        world.Runtime.Run(thread, async () =>
        {
            for (var index = 0; index < pages; index++)
            {
                await world.Kernel.Filemap.GenericPerformWrite(file, index);
            }

            var current = world.Throttle.Current;
            result = (current, world.Throttle.TaskDirtiesFraction(current));
        });
        return result;
    }
}
