using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// An injected fault must be exactly the bug it names: a property proven against a fault that
/// does more (stops a pass on every page, say) shows only that it catches a gross bug. Each test
/// pins one fault's behaviour page by page.
/// </summary>
public sealed class InjectedFaultTests
{
    private static long[] UnderWriteback(World world) =>
        [.. Enumerable.Range(0, 4).Where(i => world.Page(i).Writeback).Select(i => (long)i)];

    [Fact]
    public void SyncStopsAtError_stops_an_integrity_pass_at_the_failing_page_and_not_before()
    {
        var world = new World(pages: 4, config: new KernelConfig { Faults = new Faults { SyncStopsAtError = true } },
            fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 2 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.Equal([0, 1], UnderWriteback(world)); // the pages that wrote went on to the next
        Assert.True(world.Page(2).Dirty && world.Page(3).Dirty); // the failed one redirtied, the last never reached
    }

    [Fact]
    public void SyncStopsAtError_leaves_an_integrity_pass_with_no_error_whole()
    {
        var world = new World(pages: 4, config: new KernelConfig { Faults = new Faults { SyncStopsAtError = true } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(0, result);
        Assert.Equal([0, 1, 2, 3], UnderWriteback(world));
    }
}
