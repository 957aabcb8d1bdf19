using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Before 2.6.33 a memcg had no per-cpu charge stock (cdec2e4265df added consume_stock), and
/// 2.6.29's __mem_cgroup_try_charge let a dying task (TIF_MEMDIE) through before res_counter_charge
/// ("Don't account this!") [R]: such a charge touches no memcg state at all. The model's charge
/// must then report no access to the throttle's id (the stock's and the counter's), or the
/// partial-order reduction sees a conflict the kernel does not have.
/// </summary>
public sealed class DyingChargerFootprintTests
{
    [Fact]
    public void A_dying_2_6_29_charger_touches_neither_the_stock_nor_the_counter()
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V2_6_29 });
        var memcg = new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = false };
        memcg.Charge(world.Mapping);
        var throttle = AccessIds.Of(AccessIds.Subsystem.Throttle);

        var (dying, skipped, entries) = world.Run(async () =>
        {
            // The memcg is full: this charge's OOM kills the charger itself, which fails the
            // charge (2.6.29 goes to nomem after mem_cgroup_out_of_memory).
            _ = await world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.NoIo);
            var charged = false;
            var recorded = RecordedAccesses.Of(() => charged = Memcontrol.TryChargeCounter(world.Kernel, memcg, new MemcgCharge()));
            return (world.Kernel.PageAlloc.FatalSignalPending, charged, recorded);
        });

        Assert.True(dying);
        Assert.True(skipped);
        Assert.DoesNotContain(entries, entry => entry >> 1 == throttle);
    }

    [Fact]
    public void A_2_6_29_charger_not_dying_reads_the_counter()
    {
        // The check above can fail: the same call by a task nobody killed takes the counter.
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V2_6_29 });
        var memcg = new MemCgroup("job", 4) { HardLimit = true, OnDefaultHierarchy = false };
        memcg.Charge(world.Mapping);
        var throttle = AccessIds.Of(AccessIds.Subsystem.Throttle);

        var entries = world.Run(() =>
        {
            var recorded = RecordedAccesses.Of(() => Assert.True(Memcontrol.TryChargeCounter(world.Kernel, memcg, new MemcgCharge())));
            return ValueTask.FromResult(recorded);
        });

        Assert.Contains(entries, entry => entry >> 1 == throttle);
    }
}
