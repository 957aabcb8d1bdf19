using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A buffered write of many pages may be preempted after each page: generic_file_buffered_write
/// (generic_perform_write later) calls balance_dirty_pages_ratelimited, then cond_resched, once a
/// page [R]. Three pages, three such points, one after each page is written.
/// </summary>
public sealed class BufferedWriteReschedTests
{
    /// <summary>The point is labelled with the function whose loop it is: 2.5.31's generic_file_write_nolock.</summary>
    [Theory]
    [InlineData(KernelEra.V2_5, "generic_file_write_nolock")]
    [InlineData(KernelEra.V2_6_20, "generic_file_buffered_write")]
    public void A_buffered_write_may_be_preempted_after_each_page(KernelEra era, string loop)
    {
        var recording = new RecordingRuntime();
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era }, recording: recording);
        var inode = world.AddFile(dirty: 0);

        world.Run(() => world.Kernel.Filemap.GenericFileBufferedWrite(world.Kernel.Open(inode), 0, 3));

        Assert.Equal([0L, 1L, 2L], recording.Points.Where(point => point.Label.Function == loop).Select(point => point.Label.Arg));
    }
}
