using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A buffered write of many pages may be preempted after each page: generic_file_buffered_write
/// (generic_perform_write later) calls balance_dirty_pages_ratelimited, then cond_resched, once a
/// page [R]. Three pages, three such points, one after each page is written.
/// </summary>
public sealed class BufferedWriteReschedTests
{
    [Fact]
    public void A_buffered_write_may_be_preempted_after_each_page()
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20 }, recording: recording);
        var inode = world.AddFile(dirty: 0);

        world.Run(() => world.Kernel.Filemap.GenericFileBufferedWrite(world.Kernel.Open(inode), 0, 3));

        Assert.Equal([0L, 1L, 2L], recording.Points.Where(point => point.Label.Function == "generic_file_buffered_write").Select(point => point.Label.Arg));
    }
}
