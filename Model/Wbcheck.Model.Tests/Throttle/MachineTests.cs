using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class MachineTests
{
    [Fact]
    public void A_machine_without_memory_is_refused_with_the_rule()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Machine { TotalPages = 0 });

        Assert.Contains("a machine without memory cannot boot", error.Message);
    }

    [Fact]
    public void More_pages_than_a_64_bit_address_space_holds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Machine { TotalPages = Machine.MaxPages + 1 });
    }

    [Fact]
    public void More_high_memory_than_memory_is_refused_when_the_kernel_boots()
    {
        var machine = new Machine { TotalPages = 10, TotalHighPages = 11 };

        var error = Assert.Throws<ArgumentException>(() => new Kernel(new Runtime.SequentialRuntime(), new KernelConfig { Machine = machine }));

        Assert.Contains("cannot exceed vm_total_pages", error.Message);
    }

    [Fact]
    public void Ratios_are_percentages()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => VmSysctls.V2_6_20Default with { DirtyRatio = 101 });

        Assert.Contains("0 to 100", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => VmSysctls.V2_6_20Default with { DirtyBackgroundRatio = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => VmSysctls.V2_6_20Default with { DirtyExpireInterval = -1 });
    }

    [Fact]
    public void A_task_pinned_to_a_cpu_the_machine_lacks_is_refused()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, OnlineCpus = 2 });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => world.Run(() => ValueTask.CompletedTask, new TaskStruct { Comm = "dd", Cpu = 2 }));

        Assert.Contains("2 online CPU(s)", error.Message);
    }
}
