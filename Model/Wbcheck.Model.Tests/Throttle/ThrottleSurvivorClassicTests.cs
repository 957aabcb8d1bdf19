using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The throttle before the I/O-less one, at the edges the mutation check found unpinned
/// (tools/mutate/runs/run8.jsonl, docs/mutation.md "Mm/Throttle/"): 2.6.20's get_dirty_limits and
/// do_sync (read in /work/shared/reference/page-writeback.c.2.6.20), and the floating proportions
/// of 2.6.24-3.4 (lib/proportions.c). Each expected value is worked out from the kernel's code.
/// </summary>
public sealed class ThrottleSurvivorClassicTests
{
    /// <summary>
    /// get_dirty_limits: unmapped_ratio = 100 - (NR_FILE_MAPPED + NR_ANON_PAGES) x 100 /
    /// vm_total_pages, and dirty_ratio is at most half of it. 710 of 1,000 pages mapped: 29%
    /// unmapped, so dirty_ratio 40 becomes 29 / 2 = 14 (rounded down): 140 pages; background
    /// stays at 10%.
    /// </summary>
    [Fact]
    public void An_odd_unmapped_ratio_halves_down()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 });
        world.Throttle.SetMappedMemory(fileMapped: 400, anonPages: 310);

        Assert.Equal(new DirtyLimits(100, 140, 10, 14), world.Limits());
    }

    /// <summary>
    /// do_sync (2.6.20) starts with wakeup_pdflush(0): background writeout of every dirty page
    /// (nr_pages 0 means NR_FILE_DIRTY + NR_UNSTABLE_NFS), not of one. 5 dirty pages, under the
    /// background threshold (10 of 100): pdflush's background_writeout is asked for 5.
    /// </summary>
    [Fact]
    public void Sync_wakes_pdflush_to_write_every_dirty_page()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });
        world.AddFile(dirty: 5);
        var passes = new PassWatch();
        world.Kernel.Observers.Add(passes);

        world.Run(() => world.Throttle.DoSync());
        world.RunAllPending();

        Assert.Equal(5L, passes.MinPages[0]);
    }

    /// <summary>
    /// prop_fraction_single / _percpu: x / (period/2 + (t &amp; (period/2 - 1))). With shift 3
    /// (period/2 = 4) and five events on one local: the fifth look (t = 4) finds a period passed
    /// and halves x from 4 to 2 before counting it, so x = 3; t = 5, and 5 &amp; 3 = 1: 3 / 5.
    /// </summary>
    [Fact]
    public void The_denominator_counts_the_events_of_the_period_under_way()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var local = new PropLocal();
        for (var i = 0; i < 5; i++)
        {
            local.PropInc(pd, Faults.None);
        }

        Assert.Equal((3UL, 5UL), local.PropFraction(pd, Faults.None));
    }

    /// <summary>
    /// The checker's peek at a local (the value prop_norm would leave) halves x once for each
    /// period missed, (global_period - pl->period) &gt;&gt; (shift - 1), as prop_norm does: 4
    /// events (t = 4, still in period 0: no catching up), then 4 of another local (t = 8,
    /// period/2 = 4): two periods missed, 4 / 4 = 1.
    /// </summary>
    [Fact]
    public void The_peek_at_a_local_halves_it_once_for_each_period_missed_as_prop_norm_does()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var local = new PropLocal();
        var other = new PropLocal();
        for (var i = 0; i < 4; i++)
        {
            local.PropInc(pd, Faults.None);
        }

        for (var i = 0; i < 4; i++)
        {
            other.PropInc(pd, Faults.None);
        }

        var peek = local.EventsAfterNormPeek(pd, Faults.None);
        local.PropNorm(pd, Faults.None);

        Assert.Equal((1UL, 1UL), (peek, local.Events));
    }

    private sealed class PassWatch : IKernelObserver
    {
        public List<long> MinPages { get; } = [];

        public void BackgroundWriteoutPass(long minPages) => MinPages.Add(minPages);
    }
}
