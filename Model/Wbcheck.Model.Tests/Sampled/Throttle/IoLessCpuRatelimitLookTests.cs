using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The I/O-less throttle of 3.18 (the model's 3.19 era). balance_dirty_pages_ratelimited, with
/// preemption off: "if (current-&gt;nr_dirtied &gt;= ratelimit) *p = 0; else if (*p &gt;=
/// ratelimit_pages) { *p = 0; ratelimit = 0; }", then "if (current-&gt;nr_dirtied &gt;=
/// ratelimit) balance_dirty_pages(mapping, current-&gt;nr_dirtied)". When the CPU's
/// bdp_ratelimits is over ratelimit_pages, ratelimit 0 sends the task into balance_dirty_pages
/// whatever its own nr_dirtied, even 0: a task that has dirtied nothing itself (it rewrites a
/// page already dirty, so account_page_dirtied is not called) still looks.
/// writeback_set_ratelimit is called again by dirty_ratio_handler when dirty_ratio is written,
/// which is how bdp_ratelimits can stand over a ratelimit_pages that was just lowered.
/// </summary>
public sealed class IoLessCpuRatelimitLookTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    private static readonly TaskStruct Cp = new() { Comm = "cp", Cpu = 0 };

    [Fact]
    public void A_task_that_dirtied_nothing_looks_when_its_cpu_is_over_ratelimit_pages()
    {
        // 2,000 pages, dirty_ratio 40: dirtyable memory about 2,000 pages, threshold about 800,
        // ratelimit_pages = 800 / (1 CPU x 32) = 25.
        var world = new ThrottleWorld(machine: new Machine { TotalPages = 2000 }, config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        Assert.InRange(world.Throttle.RatelimitPages, 17, 31);
        var file = world.Kernel.Open(world.AddFile(dirty: 0, clean: 20));

        // dd dirties 20 pages: its nr_dirtied 20 is under its nr_dirtied_pause (32, a fresh
        // task's 128 KiB) and CPU 0's bdp_ratelimits 20 under ratelimit_pages: no look, and
        // nothing resets bdp_ratelimits.
        Write(world, file, 0, 20, Dd);
        Assert.Equal(20, world.Throttle.DirtiedBy(Dd).NrDirtied);
        Assert.Equal(20, world.Throttle.Ratelimits(0));

        // dirty_ratio 10 (dirty_ratio_handler): threshold about 200, background about 50, so
        // ratelimit_pages = max(200 / 32, 16) = 16.
        world.Throttle.WriteSysctls(VmSysctls.V2_6_20Default with { DirtyRatio = 10 });
        Assert.Equal(16, world.Throttle.RatelimitPages);

        // cp, a fresh task on CPU 0, rewrites page 0, already dirty: its nr_dirtied stays 0,
        // under its ratelimit 32, but bdp_ratelimits 20 >= 16: reset, ratelimit 0, and
        // 0 >= 0 sends it into balance_dirty_pages. 20 dirty pages are under the freerun
        // ceiling ((200 + 50) / 2 = 125): dirty_paused_when = now, nr_dirtied = 0 and
        // nr_dirtied_pause = dirty_poll_interval(20, ~200) = 1 << (ilog2(~180) >> 1)
        // = 1 << (7 >> 1) = 8 (ilog2 is 7 for any threshold from 148 to 275).
        Assert.Equal(32, world.Throttle.DirtiedBy(Cp).NrDirtiedPause);
        Write(world, file, 0, 1, Cp);
        Assert.Equal(0, world.Throttle.Ratelimits(0));
        Assert.Equal(0, world.Throttle.DirtiedBy(Cp).NrDirtied);
        Assert.Equal(8, world.Throttle.DirtiedBy(Cp).NrDirtiedPause);
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages, TaskStruct task) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, task);
}
