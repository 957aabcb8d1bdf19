using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Before errseq (4.13), the wait of a data-integrity sync reported a failed page's PG_error as
/// -EIO and cleared it (wait_on_page_writeback_range's TestClearPageError, mm/filemap.c,
/// 2.6.29): the error is reported once, and a later sync of the page written again without
/// error reports none.
/// </summary>
public sealed class FdatawaitPageErrorTests
{
    [Fact]
    public void A_page_error_is_reported_by_one_wait_and_not_by_the_next()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        var ioResults = 0;
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult && ioResults++ == 0 ? 1 : 0; // only the first I/O fails
        world.Runtime.RunPendingWhenBlocked = true;

        int WriteAndWait() => world.Run(async () =>
        {
            await world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity());
            return await world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax);
        });

        Assert.Equal(Errno.EIO, WriteAndWait());
        Assert.False(world.Page(0).Error);

        world.Run(() => world.Pw.FolioMarkDirty(world.Page(0)));
        Assert.Equal(0, WriteAndWait());
        Assert.Equal(2, ioResults);
    }
}
