using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Before errseq (4.13), the wait of a data-integrity sync reported a failed page's PG_error as
/// -EIO (docs/audit.md). From 3.0 (the model's 3.19 era) it cleared it (filemap_fdatawait_range's
/// TestClearPageError): the error is reported once, and a later sync of the page written again
/// without error reports none. Before (2.6.24's wait_on_page_writeback_range, a 2.6.36 tree) it
/// tested PageError and left it set, and no -&gt;writepage of the model's cleared it: every later
/// wait that finds the page under writeback reports -EIO again.
/// </summary>
public sealed class FdatawaitPageErrorTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, Errno.EIO, true)]
    [InlineData(KernelEra.V2_6_29, Errno.EIO, true)]
    [InlineData(KernelEra.V2_6_36, Errno.EIO, true)]
    [InlineData(KernelEra.V3_19, 0, false)]
    public void A_page_error_is_reported_by_one_wait_from_3_0_and_by_every_wait_before(KernelEra era, int second, bool stillSet)
    {
        var world = OnePageWhoseFirstIoFails(era, out var ioResults);

        Assert.Equal(Errno.EIO, WriteAndWait(world));
        Assert.Equal(stillSet, world.Page(0).Error);

        world.Run(() => world.Pw.FolioMarkDirty(world.Page(0)));
        Assert.Equal(second, WriteAndWait(world));
        Assert.Equal(2, ioResults());
        Assert.Equal(stillSet, world.Page(0).Error);
    }

    /// <summary>
    /// filemap_write_and_wait_range over a page that carries PG_error from an earlier failure
    /// while AS_ENOSPC is set: until 3.10 the bits, read after the pages, override the page's
    /// -EIO; from 3.10 (filemap_check_errors taken only when no page failed) the page's -EIO wins.
    /// The bits are consumed either way.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, Errno.ENOSPC)]
    [InlineData(KernelEra.V2_6_36, Errno.ENOSPC)]
    [InlineData(KernelEra.V3_19, Errno.EIO)]
    public void The_error_bits_override_a_page_error_until_3_10(KernelEra era, int expected)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        world.Page(0).Error = true;
        world.Mapping.Flags |= AddressSpaceFlags.Enospc;

        Assert.Equal(expected, world.Run(() => world.Filemap.FilemapWriteAndWaitRange(world.Mapping, 0, WritebackControl.LLongMax)));
        Assert.Equal((AddressSpaceFlags)0, world.Mapping.Flags & (AddressSpaceFlags.Enospc | AddressSpaceFlags.Eio));
    }

    private static World OnePageWhoseFirstIoFails(KernelEra era, out Func<int> ioResults)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        var results = 0;
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult && results++ == 0 ? 1 : 0; // only the first I/O fails
        world.Runtime.RunPendingWhenBlocked = true;
        ioResults = () => results;
        return world;
    }

    private static int WriteAndWait(World world) => world.Run(async () =>
    {
        await world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity());
        return await world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax);
    });
}
