using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// A loop that never ends fails its unit test, naming the loop, instead of hanging it: the
/// sequential executor bounds the scheduling points of one operation. The spin: a 3.x flusher
/// loop that does not end on a pass without progress (<see cref="Faults.FlusherIgnoresNoProgress"/>)
/// over a filesystem that declines every page with -EAGAIN.
/// </summary>
public sealed class SpinBoundTests
{
    private static (ThrottleWorld World, Inode File) DecliningWorld(Faults faults)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, faults: faults, config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var declined = Enumerable.Range(0, 12).Select(index => (long)index).ToHashSet();
        var fs = new SimpleFs(world.Kernel, SimpleFsOptions.Default with
        {
            FailingPages = declined,
            FailingErrors = declined.ToDictionary(index => index, _ => Errno.EAGAIN),
        });
        var file = world.Kernel.CreateInode(0, fs);
        foreach (var index in declined)
        {
            world.Kernel.Filemap.AddCachedPage(file.Mapping, index, dirty: true);
        }

        return (world, file);
    }

    [Fact]
    public void A_loop_that_never_ends_fails_with_the_steps_it_kept_taking()
    {
        var (world, _) = DecliningWorld(Faults.None with { FlusherIgnoresNoProgress = true });
        world.Runtime.MaxSteps = 5_000;

        var spin = Assert.Throws<StepBoundExceededException>(() => world.Run(() => world.Throttle.BackgroundWriteout(0)));

        Assert.Equal(5_000, spin.Bound);
        Assert.Contains($"{world.Kernel.Names.WritebackUnlockedInodes} (test)", spin.Loop);
        Assert.Contains("passed 5000 scheduling points without ending", spin.Message);
    }

    [Fact]
    public void A_loop_that_ends_is_not_stopped_and_the_bound_is_per_operation()
    {
        // One run's steps, measured on a world of its own.
        var (measured, _) = DecliningWorld(Faults.None);
        measured.Run(() => measured.Throttle.BackgroundWriteout(0));
        var one = measured.Runtime.OperationSteps;

        var (world, file) = DecliningWorld(Faults.None);
        world.Runtime.MaxSteps = one * 3 / 2;

        // 6.9's loop ends after a pass without progress; twice over, each run within the bound,
        // the two together past it: a bound counted per runtime would stop the second.
        world.Run(() => world.Throttle.BackgroundWriteout(0));
        Assert.Equal(one, world.Runtime.OperationSteps);
        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.True(one + world.Runtime.OperationSteps > world.Runtime.MaxSteps);
        Assert.Equal(InodeState.DirtyPages, file.State & InodeState.DirtyPages);
    }

    [Fact]
    public void Unit_test_worlds_are_bounded_by_default()
    {
        Assert.Equal(1_000_000, new SequentialRuntime().MaxSteps);
    }
}
