using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// num_online_cpus() is at least 1 (the boot CPU): a machine set up with none is refused with a
/// message naming the setting, rather than building per-CPU ratelimit counters for no CPU and
/// dividing ratelimit_pages by zero later.
/// </summary>
public sealed class MachineCpusTests
{
    [Fact]
    public void A_machine_needs_at_least_one_online_cpu()
    {
        Assert.Equal(1, new Machine { OnlineCpus = 1 }.OnlineCpus);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Machine { OnlineCpus = 0 });

        Assert.Equal("OnlineCpus", error.ParamName);
    }
}
