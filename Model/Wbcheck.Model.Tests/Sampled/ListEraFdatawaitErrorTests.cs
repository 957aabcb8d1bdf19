using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// filemap_fdatawait of the list era (2.5.31, 2.6.0) walks locked_pages, waits on each page
/// under writeback and "if (PageError(page)) ret = -EIO": a data-integrity write whose I/O
/// fails is reported by the wait that follows it.
/// </summary>
public sealed class ListEraFdatawaitErrorTests
{
    [Fact]
    public void The_wait_after_a_write_whose_io_failed_returns_EIO()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_5 });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0; // every I/O fails
        world.Runtime.RunPendingWhenBlocked = true;

        var result = world.Run(async () =>
        {
            await world.Filemap.FilemapFdatawriteRange(world.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.All);
            return await world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax);
        });

        Assert.Equal(Errno.EIO, result);
        Assert.True(world.Page(0).Error);
    }
}
